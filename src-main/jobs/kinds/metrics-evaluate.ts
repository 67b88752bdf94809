import { EvaluateParams } from '../../api/contracts/metrics';
import { defineJobKind } from '../job-kind';

export const metricsEvaluateJob = defineJobKind({
  kind: 'metrics.evaluate',
  description: 'Official AVSBench metrics of a prediction folder (<subset>/<uid>/<t>.png) against a dataset split, logged as a run; resumable.',
  params: EvaluateParams,
  title: (p) => `Evaluate ${p.name ?? p.predDir} on dataset ${p.datasetId}${p.split ? ` (${p.split})` : ''}`,
  async run(ctx) {
    const { metricsDatasetAccess } = await import('../../services/metrics/dataset-source');
    const { createFolderRun, evaluateFolder } = await import('../../services/metrics/evaluate-folder');
    const { setRunState } = await import('../../services/metrics/run-store');
    const db = ctx.db();
    const access = metricsDatasetAccess(db, ctx.params);
    const saved = (ctx.checkpoint as { runId?: number } | null)?.runId;
    const runId = ctx.params.runId ?? saved ?? (await createFolderRun(db, access, ctx.params, ctx.jobId));
    db.prepare('UPDATE metrics_runs SET job_id = ? WHERE id = ?').run(ctx.jobId, runId);
    ctx.saveCheckpoint({ runId });
    try {
      return await evaluateFolder(db, access, ctx.params, runId, ctx);
    } catch (err) {
      if (!ctx.signal.aborted) setRunState(db, runId, 'failed');
      throw err;
    }
  },
});
