import type { z } from 'zod';
import type { FlowExportParams, FlowMasksParams } from '../../api/contracts/flow';
import type { JobContext } from '../../jobs/job-kind';
import { CatalogDatasetAccess } from '../datasets/catalog-access';
import { FlowCache } from './flow-cache';
import { flowModelsDir } from './flow-model-manifest';
import { exportVideoMasks } from './mask-export';
import { runVideoBatch, type BatchResult } from './video-batch';
import { VideoFlow } from './video-flow';

async function withVideoFlow<T>(ctx: JobContext<unknown>, fn: (vf: VideoFlow, flowCache: FlowCache) => Promise<T>): Promise<T> {
  const cache = new FlowCache(ctx.db(), ctx.dataDir);
  const vf = new VideoFlow(cache, flowModelsDir());
  try {
    return await fn(vf, cache);
  } finally {
    await vf.dispose();
  }
}

function batch(ctx: JobContext<z.output<typeof FlowMasksParams>>, each: Parameters<typeof runVideoBatch>[4]): Promise<BatchResult> {
  const access = new CatalogDatasetAccess(ctx.db());
  const videos = ctx.params.videos ?? access.list(ctx.params.datasetId, ctx.params.split);
  return runVideoBatch(ctx, access, ctx.params.datasetId, videos, each);
}

/** flow.masks: flow fields, M_O and statistics for every selected video, through the caches. */
export function runFlowMasks(ctx: JobContext<z.output<typeof FlowMasksParams>>) {
  return withVideoFlow(ctx, async (vf) => {
    const computed = { flow: 0, masks: 0 };
    const result = await batch(ctx, async (video) => {
      const r = await vf.masks(ctx.params.datasetId, video, ctx.params.settings);
      computed.flow += Number(r.computed.flow);
      computed.masks += Number(r.computed.masks);
    });
    ctx.log(`done: ${result.videos - result.failed} videos, ${computed.flow} flow computed, ${computed.masks} masks computed, ${result.failed} failed`);
    return { ...result, computed };
  });
}

/** flow.export: M_O / M_Pre / M_Post PNGs of every selected video under `outDir` (computing missing masks first). */
export function runFlowExport(ctx: JobContext<z.output<typeof FlowExportParams>>) {
  return withVideoFlow(ctx, async (vf) => {
    let files = 0;
    const result = await batch(ctx, async (video) => {
      const { stack } = await vf.masks(ctx.params.datasetId, video, ctx.params.settings);
      const native = { width: stack.masks[0].width, height: stack.masks[0].height };
      files += await exportVideoMasks(ctx.params.outDir, video, stack.masks, await vf.groundTruth(video, native));
    });
    ctx.log(`exported ${files} PNGs to ${ctx.params.outDir}`);
    return { ...result, files, outDir: ctx.params.outDir };
  });
}
