import type { DomainHandlers } from '../../api/contract';
import type { AppCore } from '../../app/app-core';
import { compareRuns } from './run-compare';
import { exportRun } from './run-export';
import { runDetail, listRuns, runVideos, videoFrames } from './run-queries';
import { deleteRun } from './run-store';
import { metricsDatasetAccess } from './dataset-source';
import { createFolderRun } from './evaluate-folder';

/** The metrics domain's API: runs, per-video rows, comparison, export, and importing prediction folders. */
export function createMetricsHandlers(core: AppCore): DomainHandlers<'metrics'> {
  const { db } = core;
  return {
    'metrics.runs': ({ datasetId }) => listRuns(db, datasetId),
    'metrics.run': ({ runId }) => runDetail(db, runId),
    'metrics.videos': (q) => runVideos(db, q),
    'metrics.frames': ({ runId, subset, uid }) => videoFrames(db, runId, subset, uid),
    'metrics.compare': (q) => compareRuns(db, q),
    'metrics.export': ({ runId, format, file }) => exportRun(db, runId, format, file),
    'metrics.importPredictions': async (params) => {
      const runId = await createFolderRun(db, metricsDatasetAccess(db, params), params);
      const job = core.jobs.start('metrics.evaluate', { ...params, runId });
      db.prepare('UPDATE metrics_runs SET job_id = ? WHERE id = ?').run(job.id, runId);
      return { runId, job };
    },
    'metrics.delete': ({ runId }) => ({ deleted: deleteRun(db, runId) }),
  };
}
