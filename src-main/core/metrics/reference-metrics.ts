import { F_BETA2, F_THRESHOLDS, byteProbability } from './thresholds';
import type { Probabilities } from './binary-frame';

// The official metrics written the obvious way, one threshold / one class at a time over every pixel, as the
// AVSBench scripts loop. Tests and the benchmark check the fast histogram code against these; nothing else uses them.

/** Float32 probabilities, as the official code holds them after sigmoid (bytes v -> v / 255). */
function asFloat(prob: Probabilities): Float32Array {
  return prob instanceof Uint8Array ? Float32Array.from(prob, byteProbability) : prob;
}

function fOrZero(precision: number, recall: number): number {
  const f = ((1 + F_BETA2) * precision * recall) / (F_BETA2 * precision + recall);
  return Number.isNaN(f) ? 0 : f;
}

export function referenceFrameIou(probabilities: Probabilities, gt: Uint8Array): number {
  const prob = asFloat(probabilities);
  let inter = 0;
  let union = 0;
  let bothEmpty = 0;
  let gtCount = 0;
  for (let i = 0; i < gt.length; i++) {
    const p = prob[i] > 0.5 ? 1 : 0;
    const g = gt[i] > 0 ? 1 : 0;
    inter += p * g;
    union += Math.max(p, g);
    bothEmpty += (1 - p) * (1 - g);
    gtCount += g;
  }
  return gtCount === 0 ? bothEmpty / (gt.length + 1e-7) : inter / (union + 1e-7);
}

/** F(t) for every threshold, computed with a full pass over the pixels per threshold. */
export function referenceFrameFCurve(probabilities: Probabilities, gt: Uint8Array): number[] {
  const prob = asFloat(probabilities);
  let gtCount = 0;
  for (let i = 0; i < gt.length; i++) if (gt[i] > 0) gtCount++;
  const curve: number[] = [];
  for (const thr of F_THRESHOLDS) {
    let tp = 0;
    let predCount = 0;
    for (let i = 0; i < gt.length; i++) {
      if (prob[i] >= thr) {
        predCount++;
        if (gt[i] > 0) tp++;
      }
    }
    curve.push(fOrZero(tp / (predCount + 1e-20), tp / (gtCount + 1e-20)));
  }
  return curve;
}

/** One batch as mask_iou + Eval_Fmeasure compute it. */
export function referenceBinaryBatch(frames: readonly { prob: Probabilities; gt: Uint8Array }[]): { miou: number; fscore: number } {
  let iouSum = 0;
  let avg: number[] = new Array(F_THRESHOLDS.length).fill(0);
  let score: number[] = avg.slice();
  let used = 0;
  for (const { prob, gt } of frames) {
    iouSum += referenceFrameIou(prob, gt);
    if (!gt.some((v) => v > 0)) continue;
    const curve = referenceFrameFCurve(prob, gt);
    avg = avg.map((a, t) => a + curve[t]);
    used++;
    score = avg.map((a) => a / used);
  }
  return { miou: iouSum / frames.length, fscore: Math.max(...score) };
}

/** Per-class IoU/F sums and counts over frames, one pass per class and frame (official _batch_miou_fscore). */
export function referenceSemantic(frames: readonly { pred: Uint8Array; gt: Uint8Array }[], classCount: number) {
  const iouSum = new Array(classCount).fill(0);
  const fSum = new Array(classCount).fill(0);
  const count = new Array(classCount).fill(0);
  const frameMiou: (number | null)[] = [];
  for (const { pred, gt } of frames) {
    let s = 0;
    let nz = 0;
    for (let k = 0; k < classCount; k++) {
      let inter = 0;
      let p = 0;
      let l = 0;
      for (let i = 0; i < gt.length; i++) {
        if (pred[i] === k) p++;
        if (gt[i] === k) l++;
        if (pred[i] === k && gt[i] === k) inter++;
      }
      const union = p + l - inter;
      const iou = inter / (2.220446049250313e-16 + union);
      iouSum[k] += iou;
      fSum[k] += fOrZero(inter / p, inter / l);
      if (union > 0) count[k]++;
      if (iou !== 0) (s += iou), nz++;
    }
    frameMiou.push(nz ? s / nz : null);
  }
  const perClassIou = iouSum.map((v, k) => (count[k] ? v / count[k] : 0));
  const perClassF = fSum.map((v, k) => (count[k] ? v / count[k] : 0));
  const avg = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
  return { iouSum, fSum, count, frameMiou, miou: avg(perClassIou), fscore: avg(perClassF), miouNoBg: avg(perClassIou.slice(1)), fscoreNoBg: avg(perClassF.slice(1)) };
}
