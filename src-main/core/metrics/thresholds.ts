/**
 * The official AVSBench F-score threshold list: `torch.linspace(0, 1 - 1e-10, 255)` in float32.
 *
 * 1 - 1e-10 rounds to exactly 1.0 in float32, so the list runs 0..1. The values are not `fround(i / 254)`:
 * torch's CPU kernel computes a float32 step fround(1/254), fills the first half as fround(step * i) and the
 * second half from the end as fround(1 - step * (254 - i)) (one rounding, as its fused multiply-add does).
 * Ten entries differ by one ulp from fround(i / 254); a probability lying exactly on one of them would land on
 * the other side of the threshold, so we reproduce torch's values bit for bit (checked against torch 2.15 in
 * thresholds.test.ts). Stored as doubles holding float32 values: comparing a float32 probability with them in
 * double precision gives the same answer as torch's float32 comparison.
 */
export const F_THRESHOLD_COUNT = 255;

function torchLinspaceF32(end: number, steps: number): Float64Array {
  const out = new Float64Array(steps);
  const step = Math.fround(end / (steps - 1));
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) {
    out[i] = i < half ? Math.fround(step * i) : Math.fround(end - step * (steps - 1 - i));
  }
  return out;
}

export const F_THRESHOLDS: Float64Array = torchLinspaceF32(Math.fround(1 - 1e-10), F_THRESHOLD_COUNT);

/** The F-score's precision weight beta^2 in the official code. */
export const F_BETA2 = 0.3;

/**
 * How many thresholds a probability passes (p >= t), 0..255. NaN passes none, like torch's comparison.
 * Starts from the arithmetic guess floor(p * 254) + 1 and corrects it against the exact list.
 */
export function thresholdsPassed(p: number): number {
  if (!(p >= 0)) return 0; // NaN and negatives
  let k = Math.floor(p * (F_THRESHOLD_COUNT - 1)) + 1;
  if (k > F_THRESHOLD_COUNT) k = F_THRESHOLD_COUNT;
  while (k > 0 && p < F_THRESHOLDS[k - 1]) k--;
  while (k < F_THRESHOLD_COUNT && p >= F_THRESHOLDS[k]) k++;
  return k;
}

/** A PNG probability byte v stands for the float32 probability v / 255 (what `tensor.float() / 255` gives). */
export function byteProbability(v: number): number {
  return Math.fround(v / 255);
}

/** thresholdsPassed() of every byte probability, so 8-bit predictions bin with one table lookup per pixel. */
export const BYTE_THRESHOLDS_PASSED: Uint8Array = Uint8Array.from({ length: 256 }, (_, v) => thresholdsPassed(byteProbability(v)));
