import { BYTE_THRESHOLDS_PASSED, F_BETA2, F_THRESHOLD_COUNT, thresholdsPassed } from './thresholds';

/**
 * A predicted probability map: float32 probabilities (sigmoid already applied) or bytes 0..255 read from a
 * probability PNG (v stands for v / 255). GT is one byte per pixel, foreground where > 0.
 */
export type Probabilities = Float32Array | Uint8Array;

/** Everything the official S4/MS3 metrics need from one frame, gathered in one pass over its pixels. */
export interface BinaryFrameCounts {
  pixels: number;
  gt: number;
  /** Pixels with p > 0.5 (the official IoU binarisation sigmoid(logit) > 0.5), and those inside GT. */
  predHalf: number;
  interHalf: number;
  /** For threshold i: pixels with p >= F_THRESHOLDS[i], and those inside GT (true positives). */
  predAtLeast: Float64Array;
  tpAtLeast: Float64Array;
}

/**
 * One pass: histogram each pixel by how many thresholds it passes, split by GT, then suffix sums give the
 * counts at every threshold. p == 0.5 passes threshold 127 (exactly 0.5) but is not > 0.5, so it is counted
 * apart to derive the strict IoU binarisation from the same histogram.
 */
export function binaryFrameCounts(prob: Probabilities, gt: Uint8Array): BinaryFrameCounts {
  if (prob.length !== gt.length) throw new Error(`prediction has ${prob.length} pixels, GT has ${gt.length}`);
  const all = new Float64Array(F_THRESHOLD_COUNT + 1);
  const inGt = new Float64Array(F_THRESHOLD_COUNT + 1);
  let half = 0;
  let halfInGt = 0;
  if (prob instanceof Uint8Array) {
    // Histogram the raw bytes (GT pixels in the upper half), then fold the 256 byte bins into threshold bins.
    // v / 255 is never exactly 0.5, so bytes need no tie counter.
    const bytes = new Int32Array(512);
    for (let i = 0; i < prob.length; i++) bytes[prob[i] | (gt[i] === 0 ? 0 : 256)]++;
    for (let v = 0; v < 256; v++) {
      const k = BYTE_THRESHOLDS_PASSED[v];
      all[k] += bytes[v] + bytes[v + 256];
      inGt[k] += bytes[v + 256];
    }
  } else {
    for (let i = 0; i < prob.length; i++) {
      const p = prob[i];
      const k = thresholdsPassed(p);
      all[k]++;
      if (gt[i] > 0) inGt[k]++;
      if (p === 0.5) {
        half++;
        if (gt[i] > 0) halfInGt++;
      }
    }
  }
  const predAtLeast = new Float64Array(F_THRESHOLD_COUNT);
  const tpAtLeast = new Float64Array(F_THRESHOLD_COUNT);
  let pred = 0;
  let tp = 0;
  for (let t = F_THRESHOLD_COUNT - 1; t >= 0; t--) {
    pred += all[t + 1];
    tp += inGt[t + 1];
    predAtLeast[t] = pred;
    tpAtLeast[t] = tp;
  }
  const halfIndex = 127; // F_THRESHOLDS[127] === 0.5
  return {
    pixels: prob.length,
    gt: tp + inGt[0],
    predHalf: predAtLeast[halfIndex] - half,
    interHalf: tpAtLeast[halfIndex] - halfInGt,
    predAtLeast,
    tpAtLeast,
  };
}

export const IOU_EPS = 1e-7;

/**
 * Official frame IoU: |P∩G| / (|P∪G| + 1e-7); a frame with empty GT scores the share of pixels where both are 0.
 */
export function frameIou(c: Pick<BinaryFrameCounts, 'pixels' | 'gt' | 'predHalf' | 'interHalf'>): number {
  if (c.gt === 0) return (c.pixels - c.predHalf) / (c.pixels + IOU_EPS);
  return c.interHalf / (c.predHalf + c.gt - c.interHalf + IOU_EPS);
}

/** F_beta from precision and recall with the official NaN -> 0 rule. */
export function fBeta(precision: number, recall: number): number {
  const f = ((1 + F_BETA2) * precision * recall) / (F_BETA2 * precision + recall);
  return f === f ? f : 0;
}

/**
 * Official per-frame F curve over the 255 thresholds: precision = TP / (#pred + 1e-20), recall = TP / (#GT + 1e-20).
 * Null for a frame with empty GT: the official code leaves such frames out of the F-score.
 */
export function frameFCurve(c: BinaryFrameCounts): Float64Array | null {
  if (c.gt === 0) return null;
  const curve = new Float64Array(F_THRESHOLD_COUNT);
  for (let t = 0; t < F_THRESHOLD_COUNT; t++) {
    const tp = c.tpAtLeast[t];
    curve[t] = fBeta(tp / (c.predAtLeast[t] + 1e-20), tp / (c.gt + 1e-20));
  }
  return curve;
}
