import { z } from 'zod';
import { defineJobKind } from '../job-kind';

/** Indexes (or re-indexes, incrementally) a dataset folder into the catalog. */
export const datasetsIndexJob = defineJobKind({
  kind: 'datasets.index',
  description: 'Reads a dataset folder (metadata, frames, labels, audio; plain videos probed with ffmpeg) into the catalog; unchanged items are skipped.',
  params: z.object({ root: z.string().min(1), datasetId: z.number().int() }),
  title: (p) => `Index ${p.root}`,
  async run(ctx) {
    const { CatalogDatasetAccess } = await import('../../services/datasets/catalog-access');
    const { indexDataset } = await import('../../services/datasets/index-dataset');
    const access = new CatalogDatasetAccess(ctx.db());
    const { catalog } = access;
    const t0 = performance.now();
    const previous = catalog.videosByKey(ctx.params.datasetId);
    const format = access.info(ctx.params.datasetId).format;
    let last = 0;
    const result = await indexDataset(ctx.params.root, format, {
      previous,
      ffmpeg: () => access.ffmpeg(),
      onVideo: (done, total) => {
        if (done - last >= 250 || done === total || format === 'video-folder') {
          last = done;
          ctx.progress(done, total, 'reading videos');
        }
      },
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
