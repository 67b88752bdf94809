import { AppError } from '../../api/errors';
import type { MaskSettings } from '../../api/contracts/flow';
import type { BinaryMask } from '../../core/masks/types';
import { videoMotionMasks, type FrameMotion } from '../../core/masks/video-masks';
import { frameCounts, motionShare, videoStats, type VideoMaskStats } from '../../core/masks/video-stats';
import type { VideoFiles } from '../datasets/dataset-access';
import { createFlowBackend } from './create-backend';
import type { FlowBackend } from './flow-backend';
import type { CachedFlow, FlowCache } from './flow-cache';
import { filesSignature, flowKey, maskKey } from './flow-keys';
import { commonFrameSize, readGtMask, readRgb, workSize } from './frame-io';
import type { MaskStack } from './mask-file';

export interface VideoMasks {
  stack: MaskStack;
  stats: VideoMaskStats;
  /** Which layers had to be computed (false = served from the cache). */
  computed: { flow: boolean; masks: boolean };
}

/**
 * Flow fields and SSP motion masks of one video at a time, through the cache: flow is recomputed only when the
 * backend, work size or frames change; masks (and their statistics) when scale, threshold or labels change too.
 */
export class VideoFlow {
  private backends = new Map<string, Promise<FlowBackend>>();

  constructor(
    private readonly cache: FlowCache,
    private readonly modelsDir: string,
  ) {}

  async flow(datasetId: number, video: VideoFiles, settings: MaskSettings): Promise<CachedFlow & { key: string; computed: boolean }> {
    assertTwoFrames(video);
    const key = flowKey(settings, this.modelsDir);
    const framesSig = filesSignature(video.frames);
    const hit = this.cache.getFlow(datasetId, video, key, framesSig);
    if (hit) return { ...hit, key, computed: false };
    const native = await commonFrameSize(video.frames);
    const size = workSize(native, settings.workMaxSide);
    const backend = await this.backend(key, settings);
    const flows = [];
    let prev = await readRgb(video.frames[0], size);
    for (let t = 1; t < video.frames.length; t++) {
      const next = await readRgb(video.frames[t], size);
      flows.push(await backend.compute(prev, next));
      prev = next;
    }
    const computed = { flows, native };
    this.cache.putFlow(datasetId, video, key, framesSig, settings, computed);
    return { ...computed, key, computed: true };
  }

  async masks(datasetId: number, video: VideoFiles, settings: MaskSettings): Promise<VideoMasks> {
    assertTwoFrames(video);
    // Masks are looked up first: their key includes the flow key and their signature the frames, so a hit needs no flow.
    const fk = flowKey(settings, this.modelsDir);
    const keys = { flowKey: fk, maskKey: maskKey(fk, settings), inputsSig: filesSignature([...video.frames, ...video.labels]) };
    const hit = this.cache.getMasks(datasetId, video, keys.maskKey, keys.inputsSig);
    if (hit) return { ...hit, computed: { flow: false, masks: false } };
    const flow = await this.flow(datasetId, video, settings);
    const stack = this.motion(flow, settings);
    const gts = await this.groundTruth(video, flow.native);
    const counts = gts.flatMap((gt, t) => (gt ? [frameCounts(stack.masks[t], gt)] : []));
    // Coverage and noise are pooled over the annotated frames; the motion share over all frames.
    const stats = { ...videoStats(counts), frames: stack.masks.length, motionShare: motionShare(stack.masks) };
    this.cache.putMasks(datasetId, video, keys, settings, stack, { ...stats, gtFrames: counts.length });
    return { stack, stats, computed: { flow: flow.computed, masks: true } };
  }

  /** Eq. 1 images and M_O at the native size for any scale/threshold, without caching: previews and the viewer. */
  frameMotion(flow: CachedFlow, settings: Pick<MaskSettings, 'scale' | 'threshold'>): FrameMotion[] {
    return videoMotionMasks(flow.flows, settings.scale, settings.threshold, flow.native.width, flow.native.height);
  }

  motion(flow: CachedFlow, settings: Pick<MaskSettings, 'scale' | 'threshold'>): MaskStack {
    const frames = this.frameMotion(flow, settings);
    return { levels: frames.map((f) => f.level), masks: frames.map((f) => f.mO) };
  }

  /** Binary GT per frame index (null where the frame has no label). */
  async groundTruth(video: VideoFiles, native: { width: number; height: number }): Promise<(BinaryMask | null)[]> {
    const labels = video.labelKind === 'none' ? [] : video.labels;
    return Promise.all(video.frames.map((_, t) => (labels[t] ? readGtMask(labels[t], native) : null)));
  }

  async dispose(): Promise<void> {
    const all = [...this.backends.values()];
    this.backends.clear();
    await Promise.all(all.map(async (b) => (await b).dispose()));
  }

  private backend(key: string, settings: MaskSettings): Promise<FlowBackend> {
    let b = this.backends.get(key);
    if (!b) {
      b = createFlowBackend(settings.backend, this.modelsDir);
      // A failed load (missing or mismatched model) is not cached, so fixing the model file and retrying works.
      b.catch(() => this.backends.delete(key));
      this.backends.set(key, b);
    }
    return b;
  }
}

function assertTwoFrames(video: VideoFiles): void {
  if (video.frames.length < 2) {
    throw new AppError('bad_input', `Video ${video.subset}/${video.uid} has ${video.frames.length} frame(s); optical flow needs at least 2.`, {
      file: video.frames[0],
      fix: 'Skip this video or give it at least two frames.',
    });
  }
}
