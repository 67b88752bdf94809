import type { GrayImage } from '../flow/types';
import type { BinaryMask } from './types';

/**
 * How the gray level separating "moving" from "blank" is chosen. A pixel is moving when gray > level.
 * - `fixed`: level given directly on the 0..255 scale (the visible setting; 0 = any motion at all).
 * - `otsu`: Otsu's level on a 256-bin histogram of that image (bin k holds gray in (k-1, k]); picks the gap
 *   between the static and the moving population per image. On a frame with no real motion it still splits the
 *   noise, so `minLevel` floors the result.
 * - `percentile`: level = the p-th percentile (nearest rank) of that image's gray values, so at most (100-p)%
 *   of pixels are marked; also floored by `minLevel`.
 */
export type ThresholdSpec =
  | { kind: 'fixed'; level: number }
  | { kind: 'otsu'; minLevel?: number }
  | { kind: 'percentile'; p: number; minLevel?: number };

export const DEFAULT_THRESHOLD: ThresholdSpec = { kind: 'fixed', level: 32 };

export function thresholdLevel(gray: GrayImage, spec: ThresholdSpec): number {
  switch (spec.kind) {
    case 'fixed':
      return spec.level;
    case 'otsu':
      return Math.max(spec.minLevel ?? 0, otsuLevel(gray.data));
    case 'percentile':
      return Math.max(spec.minLevel ?? 0, percentile(gray.data, spec.p));
  }
}

/** M_O: 1 where the flow image carries motion (gray > level), 0 where it is blank. */
export function binarise(gray: GrayImage, level: number): BinaryMask {
  const data = new Uint8Array(gray.data.length);
  for (let i = 0; i < data.length; i++) data[i] = gray.data[i] > level ? 1 : 0;
  return { width: gray.width, height: gray.height, data };
}

export function motionMask(gray: GrayImage, spec: ThresholdSpec): BinaryMask {
  return binarise(gray, thresholdLevel(gray, spec));
}

/** Otsu's method: the integer level t maximising the between-class variance of {g <= t} and {g > t}. */
export function otsuLevel(values: Float32Array): number {
  const hist = new Float64Array(256);
  for (let i = 0; i < values.length; i++) hist[Math.min(255, Math.max(0, Math.ceil(values[i])))]++;
  const total = values.length;
  let sumAll = 0;
  for (let k = 0; k < 256; k++) sumAll += k * hist[k];
  let w0 = 0;
  let sum0 = 0;
  let best = 0;
  let bestVar = -1;
  for (let t = 0; t < 255; t++) {
    w0 += hist[t];
    sum0 += t * hist[t];
    const w1 = total - w0;
    if (w0 === 0 || w1 === 0) continue;
    const diff = sum0 / w0 - (sumAll - sum0) / w1;
    const between = w0 * w1 * diff * diff;
    if (between > bestVar) {
      bestVar = between;
      best = t;
    }
  }
  return best;
}

/** Nearest-rank percentile, p in [0, 100]. */
export function percentile(values: Float32Array, p: number): number {
  if (!(p >= 0 && p <= 100)) throw new Error(`percentile must be in [0, 100], got ${p}`);
  if (values.length === 0) return 0;
  const sorted = Float32Array.from(values).sort();
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}
