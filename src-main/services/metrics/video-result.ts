import type { Probabilities } from '../../core/metrics/binary-frame';
import { evaluateBinaryBatch } from '../../core/metrics/binary-video';
import { AVSS_CLASS_COUNT, evaluateSemanticVideo, type ClassSums } from '../../core/metrics/semantic';

/** What a run stores for one video: its scores, one row per evaluated frame, and (semantic) its class sums. */
export interface VideoResult {
  subset: string;
  uid: string;
  /** Binary: mean frame IoU and the official per-video F (one batch). Semantic: means over the video's classes. */
  miou: number;
  fscore: number;
  frames: { t: number; iou: number | null; fscore: number | null; gtPixels: number }[];
  classSums?: ClassSums;
}

export interface VideoKey {
  subset: string;
  uid: string;
}

/** S4/MS3: `prob` holds probabilities (float32, or bytes v meaning v/255), `gt` is foreground where > 0. */
export function binaryVideoResult(video: VideoKey, frames: readonly { t: number; prob: Probabilities; gt: Uint8Array }[]): VideoResult {
  const r = evaluateBinaryBatch(frames);
  return {
    ...video,
    miou: r.miou,
    fscore: r.fscore,
    frames: r.frames.map((f, i) => ({ t: frames[i].t, iou: f.iou, fscore: f.fscore, gtPixels: f.gtPixels })),
  };
}

/**
 * AVSS: `pred` and `gt` hold class indices (GT 255 = ignore). The video's mIoU/F average its per-class means over
 * the classes that occur in it; a frame's F is the mean over the classes present in that frame.
 */
export function semanticVideoResult(video: VideoKey, frames: readonly { t: number; pred: Uint8Array; gt: Uint8Array }[], classCount = AVSS_CLASS_COUNT): VideoResult {
  const r = evaluateSemanticVideo(frames, classCount);
  return {
    ...video,
    miou: r.summary.miouPresent,
    fscore: r.summary.fscorePresent,
    frames: r.frames.map((f, i) => {
      let fSum = 0;
      let present = 0;
      for (let k = 0; k < f.present.length; k++) if (f.present[k]) (fSum += f.fscore[k]), present++;
      return { t: frames[i].t, iou: f.miou, fscore: present ? fSum / present : null, gtPixels: f.foreground };
    }),
    classSums: r.sums,
  };
}
