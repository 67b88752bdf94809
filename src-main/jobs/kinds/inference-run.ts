import { z } from 'zod';
import { defineJobKind } from '../job-kind';

const Checkpoint = z.object({ metricsRunId: z.number().int() });

/**
 * Runs an exported model (onnxruntime-node) over a dataset split: prediction PNGs into the data folder, then the
 * official metrics logged as a run with per-video rows. Resumable: finished videos are skipped, logged ones too.
 */
export const inferenceRunJob = defineJobKind({
  kind: 'inference.run',
  description: 'In-app inference of an exported model on a split (CUDA provider when present, CPU otherwise), evaluated as a metrics run.',
  params: z.object({ model: z.string(), modelsDir: z.string(), datasetId: z.number().int().positive(), split: z.enum(['train', 'val', 'test']).optional(), answersFile: z.string().optional(), stage1Model: z.string().optional() }),
  title: (p) => `Infer ${p.model} on dataset ${p.datasetId}${p.split ? ` (${p.split})` : ''}`,
  async run(ctx) {
    const path = await import('node:path');
    const { ModelRegistry } = await import('../../services/models/model-registry');
    const { predictSplit } = await import('../../services/inference/run-inference');
    const { metricsDatasetAccess } = await import('../../services/metrics/dataset-source');
    const { createRun, setRunState } = await import('../../services/metrics/run-store');
    const { evaluateFolder } = await import('../../services/metrics/evaluate-folder');
    const { model, datasetId, split, answersFile, stage1Model } = ctx.params;
    const db = ctx.db();
    const access = metricsDatasetAccess(db, { datasetId });
    const registry = new ModelRegistry(ctx.params.modelsDir);
    const entry = registry.get(model);
    const predDir = path.join(ctx.dataDir, 'predictions', `${model}-${ctx.jobId}`);
    const predicted = await predictSplit(entry, access, datasetId, split, predDir, ctx, { answersFile, stage1: stage1Model ? registry.get(stage1Model) : undefined });
    const kind = entry.manifest.task === 'avs-binary' ? 'binary' : 'semantic';
    const saved = Checkpoint.safeParse(ctx.checkpoint);
    const info = access.info(datasetId);
    // source.path = the prediction folder: the viewer's prediction layer reads the run's PNGs from there.
    const metricsRunId = saved.success
      ? saved.data.metricsRunId
      : createRun(db, { name: `${model} on ${split ?? 'all'}`, kind, source: { type: 'model', name: model, path: predDir }, datasetId, datasetRoot: info.root, split: split ?? null, settings: { onnx: entry.onnx, provider: predicted.provider, trainedWith: entry.manifest.trainedWith.runName, ...(answersFile ? { answersFile } : {}), ...(stage1Model ? { stage1Model } : {}) }, classNames: kind === 'semantic' ? info.classes : [], jobId: ctx.jobId });
    ctx.saveCheckpoint({ metricsRunId });
    try {
      const scored = await evaluateFolder(db, access, { predDir, datasetId, split, mode: kind, padTo: 0 }, metricsRunId, ctx);
      return { metricsRunId, predDir, provider: predicted.provider, videos: predicted.videos, failed: predicted.failed, scored };
    } catch (err) {
      if (!ctx.signal.aborted) setRunState(db, metricsRunId, 'failed');
      throw err;
    }
  },
});
