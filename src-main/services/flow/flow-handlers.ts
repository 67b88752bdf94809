import type { DomainHandlers } from '../../api/contract';
import { MaskSettings } from '../../api/contracts/flow';
import type { AppCore } from '../../app/app-core';
import { frameCounts, motionShare, videoStats } from '../../core/masks/video-stats';
import { FlowCache } from './flow-cache';
import { flowKey, maskKey } from './flow-keys';
import { flowModelsDir, listFlowModels, loadFlowModel } from './flow-model-manifest';
import { registerFlowMedia } from './flow-media';
import { VideoFlow } from './video-flow';

/** The flow domain's API and media routes over the app's database and data folder. */
export function createFlowHandlers(core: AppCore, modelsDir = flowModelsDir()): DomainHandlers<'flow'> {
  const cache = new FlowCache(core.db, core.dataDir);
  const vf = new VideoFlow(cache, modelsDir);
  // A saved value that no longer parses (older schema) falls back to the defaults rather than breaking the panel.
  const current = () => MaskSettings.safeParse(cache.getSettings() ?? {}).data ?? MaskSettings.parse({});
  const keysOf = (s: MaskSettings) => {
    const fk = flowKey(s, modelsDir);
    return { flowKey: fk, maskKey: maskKey(fk, s) };
  };
  registerFlowMedia(core.media, core.datasets, vf, current);

  return {
    'flow.models': () => [
      { name: 'farneback', kind: 'farneback' as const, error: null },
      ...listFlowModels(modelsDir).map((name) => {
        try {
          loadFlowModel(modelsDir, name);
          return { name, kind: 'onnx' as const, error: null };
        } catch (err) {
          return { name, kind: 'onnx' as const, error: (err as Error).message };
        }
      }),
    ],
    'flow.settings': () => current(),
    'flow.updateSettings': (settings) => {
      cache.putSettings(settings);
      return current();
    },
    'flow.keys': ({ settings }) => keysOf(settings),
    'flow.run': ({ settings, ...selection }) => core.jobs.start('flow.masks', { ...selection, settings: settings ?? current() }),
    'flow.export': ({ settings, ...selection }) => core.jobs.start('flow.export', { ...selection, settings: settings ?? current() }),
    'flow.stats': ({ datasetId, settings, sortBy, order, limit }) => cache.stats(datasetId, keysOf(settings ?? current()).maskKey, sortBy, order, limit),
    'flow.preview': async ({ datasetId, subset, uid, threshold }) => {
      const s = current();
      const video = await core.datasets.files(datasetId, { subset, uid });
      const { levels, masks } = vf.motion(await vf.flow(datasetId, video, s), { scale: s.scale, threshold });
      const gts = await vf.groundTruth(video, masks[0]);
      const stats = videoStats(gts.flatMap((gt, t) => (gt ? [frameCounts(masks[t], gt)] : [])));
      return { levels, motionShare: motionShare(masks), gtCoverage: stats.gtCoverage, motionOutsideGt: stats.motionOutsideGt };
    },
  };
}
