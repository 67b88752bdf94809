import { binaryFrameCounts, frameFCurve, frameIou, type Probabilities } from './binary-frame';
import { F_THRESHOLD_COUNT } from './thresholds';

export interface BinaryFrameScore {
  iou: number;
  /** max over thresholds of this frame's own F curve; null when its GT is empty (the official F skips it). */
  fscore: number | null;
  gtPixels: number;
}

export interface BinaryBatchScore {
  /** Mean frame IoU of the batch (official mask_iou with size_average). */
  miou: number;
  /** max over thresholds of the F curve averaged over the batch's non-empty-GT frames; 0 when there is none. */
  fscore: number;
  frames: BinaryFrameScore[];
}

function maxOf(a: Float64Array): number {
  let m = -Infinity;
  for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
  return m;
}

/**
 * One official evaluation batch (mask_iou + Eval_Fmeasure over the same frames). The official S4/MS3 test scripts
 * use test_batch_size 1, so a batch is one video: pass its frames here, then average the batches with binaryMean().
 */
export function evaluateBinaryBatch(frames: readonly { prob: Probabilities; gt: Uint8Array }[]): BinaryBatchScore {
  const curveSum = new Float64Array(F_THRESHOLD_COUNT);
  let withGt = 0;
  let iouSum = 0;
  const scores = frames.map(({ prob, gt }) => {
    const c = binaryFrameCounts(prob, gt);
    const iou = frameIou(c);
    iouSum += iou;
    const curve = frameFCurve(c);
    if (curve) {
      withGt++;
      for (let t = 0; t < F_THRESHOLD_COUNT; t++) curveSum[t] += curve[t];
    }
    return { iou, fscore: curve ? maxOf(curve) : null, gtPixels: c.gt };
  });
  // Eval_Fmeasure starts from a zero curve, so a batch without any non-empty GT scores 0.
  const fscore = withGt ? maxOf(curveSum.map((s) => s / withGt)) : 0;
  return { miou: frames.length ? iouSum / frames.length : 0, fscore, frames: scores };
}

/** The official final numbers: plain means of the per-batch mIoU and F (AverageMeter over batches). */
export function binaryMean(batches: readonly { miou: number; fscore: number }[]): { miou: number; fscore: number } {
  const n = batches.length || 1;
  let miou = 0;
  let fscore = 0;
  for (const b of batches) (miou += b.miou), (fscore += b.fscore);
  return { miou: miou / n, fscore: fscore / n };
}
