import { FlowExportParams } from '../../api/contracts/flow';
import { defineJobKind } from '../job-kind';

export const flowExportJob = defineJobKind({
  kind: 'flow.export',
  description: 'Writes M_O / M_Pre / M_Post PNGs in the training layout <out>/<subset>/<uid>/<layer>/<t>.png.',
  params: FlowExportParams,
  title: (p) => `Export flow masks: dataset ${p.datasetId} -> ${p.outDir}`,
  async run(ctx) {
    const { runFlowExport } = await import('../../services/flow/flow-jobs');
    return runFlowExport(ctx);
  },
});
