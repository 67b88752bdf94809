import { fBeta } from './binary-frame';

/** AVSBench-semantic has 70 sound classes + background (index 0). */
export const AVSS_CLASS_COUNT = 71;
/** The official code adds this float64 epsilon to the union before dividing. */
const IOU_EPS = 2.220446049250313e-16;

/** Per-class pixel areas of one frame: intersection, prediction and label. */
export interface SemanticFrameCounts {
  inter: Float64Array;
  pred: Float64Array;
  label: Float64Array;
}

/**
 * One pass over a frame of class indices. Like the official torch.histc(min=1, max=C, bins=C) on index + 1, a value
 * outside 0..C-1 is not counted: a GT pixel of 255 (ignore) counts neither as label nor intersection, while the
 * prediction at that pixel still counts as predicted area.
 */
export function semanticFrameCounts(pred: Uint8Array, gt: Uint8Array, classCount = AVSS_CLASS_COUNT): SemanticFrameCounts {
  if (pred.length !== gt.length) throw new Error(`prediction has ${pred.length} pixels, GT has ${gt.length}`);
  // Matching pixels go to `inter` only; predicted and label areas add them back at the end (fewer writes per pixel).
  const p = new Int32Array(256);
  const l = new Int32Array(256);
  const x = new Int32Array(256);
  for (let i = 0; i < pred.length; i++) {
    const a = pred[i];
    const b = gt[i];
    if (a === b) x[a]++;
    else p[a]++, l[b]++;
  }
  const inter = Float64Array.from(x.subarray(0, classCount));
  return {
    inter,
    pred: Float64Array.from(p.subarray(0, classCount), (v, k) => v + inter[k]),
    label: Float64Array.from(l.subarray(0, classCount), (v, k) => v + inter[k]),
  };
}

/** Per-class IoU and F of one frame, and which classes occur in it (union > 0): the official _batch_miou_fscore body. */
export interface SemanticFrameScores {
  iou: Float64Array;
  fscore: Float64Array;
  present: Uint8Array;
  /** The official per-frame value: sum of IoUs / number of non-zero IoUs; null when every IoU is 0. */
  miou: number | null;
  /** GT pixels of a sounding class (1..C-1). */
  foreground: number;
}

export function semanticFrameScores(c: SemanticFrameCounts): SemanticFrameScores {
  const n = c.inter.length;
  const iou = new Float64Array(n);
  const fscore = new Float64Array(n);
  const present = new Uint8Array(n);
  let sum = 0;
  let nonZero = 0;
  let foreground = 0;
  for (let k = 0; k < n; k++) {
    if (k > 0) foreground += c.label[k];
    const union = c.pred[k] + c.label[k] - c.inter[k];
    iou[k] = c.inter[k] / (IOU_EPS + union);
    present[k] = union > 0 ? 1 : 0;
    // precision/recall without eps: 0/0 gives NaN, which fBeta turns into 0 like the official nan -> 0.
    fscore[k] = fBeta(c.inter[k] / c.pred[k], c.inter[k] / c.label[k]);
    if (iou[k] !== 0) (sum += iou[k]), nonZero++;
  }
  return { iou, fscore, present, miou: nonZero ? sum / nonZero : null, foreground };
}

/** Per-class running sums over frames: sum of frame IoUs, sum of frame F-scores, frames where the class occurs. */
export interface ClassSums {
  iouSum: Float64Array;
  fSum: Float64Array;
  count: Float64Array;
}

export function emptyClassSums(classCount = AVSS_CLASS_COUNT): ClassSums {
  return { iouSum: new Float64Array(classCount), fSum: new Float64Array(classCount), count: new Float64Array(classCount) };
}

export function addFrame(sums: ClassSums, s: SemanticFrameScores): void {
  for (let k = 0; k < s.iou.length; k++) {
    sums.iouSum[k] += s.iou[k];
    sums.fSum[k] += s.fscore[k];
    sums.count[k] += s.present[k];
  }
}

export function addSums(into: ClassSums, from: ClassSums): void {
  for (let k = 0; k < into.count.length; k++) {
    into.iouSum[k] += from.iouSum[k];
    into.fSum[k] += from.fSum[k];
    into.count[k] += from.count[k];
  }
}

export interface SemanticSummary {
  /** Official: mean over ALL classes of (IoU sum / count), classes that never occur counting 0. */
  miou: number;
  fscore: number;
  /** The same without background (class 0), as GeWu-Lab/Stepping-Stones reports it. */
  miouNoBg: number;
  fscoreNoBg: number;
  /** Mean over the classes that occur at least once only (used for per-video breakdowns). */
  miouPresent: number;
  fscorePresent: number;
  perClass: { iou: number; fscore: number; count: number }[];
}

function mean(values: number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}

export function summarizeClasses(sums: ClassSums): SemanticSummary {
  const perClass = Array.from(sums.count, (count, k) => ({
    // 0/0 -> NaN -> 0 as in the official script.
    iou: count ? sums.iouSum[k] / count : 0,
    fscore: count ? sums.fSum[k] / count : 0,
    count,
  }));
  const present = perClass.filter((c) => c.count > 0);
  return {
    miou: mean(perClass.map((c) => c.iou)),
    fscore: mean(perClass.map((c) => c.fscore)),
    miouNoBg: mean(perClass.slice(1).map((c) => c.iou)),
    fscoreNoBg: mean(perClass.slice(1).map((c) => c.fscore)),
    miouPresent: mean(present.map((c) => c.iou)),
    fscorePresent: mean(present.map((c) => c.fscore)),
    perClass,
  };
}

/** Evaluates one video's frames: per-frame scores and the video's class sums (to add into a dataset total). */
export function evaluateSemanticVideo(frames: readonly { pred: Uint8Array; gt: Uint8Array }[], classCount = AVSS_CLASS_COUNT) {
  const sums = emptyClassSums(classCount);
  const perFrame = frames.map(({ pred, gt }) => {
    const s = semanticFrameScores(semanticFrameCounts(pred, gt, classCount));
    addFrame(sums, s);
    return s;
  });
  return { sums, frames: perFrame, summary: summarizeClasses(sums) };
}
