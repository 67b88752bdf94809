import { z } from 'zod';
import { defineJobKind } from '../job-kind';

/** Indexes (or re-indexes, incrementally) a dataset folder into the catalog. */
export const datasetsIndexJob = defineJobKind({
  kind: 'datasets.index',
  description: 'Reads a dataset folder (metadata, frames, labels, audio) into the catalog; unchanged video folders are skipped.',
  params: z.object({ root: z.string().min(1), datasetId: z.number().int() }),
  title: (p) => `Index ${p.root}`,
  async run(ctx) {
    const { Catalog } = await import('../../services/datasets/catalog');
    const { indexAvss } = await import('../../services/datasets/avss-reader');
    const catalog = new Catalog(ctx.db());
    const t0 = performance.now();
    const previous = catalog.videosByKey(ctx.params.datasetId);
    let last = 0;
    const result = indexAvss(ctx.params.root, previous, (done, total) => {
      if (done - last >= 250 || done === total) {
        last = done;
        ctx.progress(done, total, 'reading video folders');
      }
    });
    if (result.fatal) ctx.log(`${result.fatal.message} ${result.fatal.fix}`, 'error');
    const reused = result.videos.filter((v) => previous.get(`${v.subset}/${v.uid}`)?.stamp === v.stamp && v.stamp !== null).length;
    catalog.replaceIndex(ctx.params.datasetId, { ...result, ms: performance.now() - t0 });
    const broken = result.videos.filter((v) => v.error).length;
    ctx.log(`${result.videos.length} videos (${reused} unchanged), ${broken} with problems, ${result.errors.length} metadata problems`);
    if (result.fatal) throw new Error(result.fatal.message);
    return { videos: result.videos.length, reused, broken, metadataErrors: result.errors.length, ms: Math.round(performance.now() - t0) };
  },
});
