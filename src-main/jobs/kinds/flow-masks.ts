import { FlowMasksParams } from '../../api/contracts/flow';
import { defineJobKind } from '../job-kind';

const what = (p: { split?: string; videos?: unknown[] }) => (p.videos ? `${p.videos.length} videos` : (p.split ?? 'all splits'));

export const flowMasksJob = defineJobKind({
  kind: 'flow.masks',
  description: 'Optical flow and SSP motion masks M_O (with per-video GT statistics) for a selection or a split; cached.',
  params: FlowMasksParams,
  title: (p) => `Flow masks: dataset ${p.datasetId}, ${what(p)}`,
  async run(ctx) {
    const { runFlowMasks } = await import('../../services/flow/flow-jobs');
    return runFlowMasks(ctx);
  },
});
