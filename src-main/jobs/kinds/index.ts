import type { JobKind } from '../job-kind';
import { selftestJob } from './selftest';
import { datasetsIndexJob } from './datasets-index';
import { trainingRunJob } from './training-run';
import { trainingExportJob } from './training-export';
import { inferenceRunJob } from './inference-run';
import { flowMasksJob } from './flow-masks';
import { flowExportJob } from './flow-export';
import { metricsEvaluateJob } from './metrics-evaluate';
import { promptsRunJob } from './prompts-run';

/** Every job kind the app can run. Kind modules keep heavy imports inside run() so this stays cheap to load. */
export const jobKinds: JobKind[] = [selftestJob, datasetsIndexJob, trainingRunJob, trainingExportJob, inferenceRunJob, flowMasksJob, flowExportJob, metricsEvaluateJob, promptsRunJob];

export function findJobKind(kind: string): JobKind | undefined {
  return jobKinds.find((k) => k.kind === kind);
}
