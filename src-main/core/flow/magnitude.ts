import type { FlowField, GrayImage } from './types';

/**
 * How flow magnitudes (pixels per frame) map to gray levels 0..255.
 * - `fixed`: gray = 255 * min(1, |f| / maxMagnitude). The same motion gives the same gray in every frame and
 *   video, so one threshold means "moves by more than threshold/255 * maxMagnitude pixels". Default.
 * - `perFrameMax`: gray = 255 * |f| / max|f| of that field, like the usual flow visualisations (the paper renders
 *   flow images this way). A frame with only sub-pixel camera jitter is stretched to full white, so prefer
 *   `fixed` unless the motion scale varies wildly between videos.
 */
export type MagnitudeScale = { kind: 'fixed'; maxMagnitude: number } | { kind: 'perFrameMax' };

export const DEFAULT_MAGNITUDE_SCALE: MagnitudeScale = { kind: 'fixed', maxMagnitude: 8 };

export function flowMagnitudes(flow: FlowField): Float32Array {
  const n = flow.width * flow.height;
  const out = new Float32Array(n);
  const d = flow.data;
  for (let i = 0; i < n; i++) {
    const u = d[2 * i];
    const v = d[2 * i + 1];
    out[i] = Math.sqrt(u * u + v * v);
  }
  return out;
}

/** Largest magnitude of a field, 0 for an all-zero field. */
export function maxMagnitude(magnitudes: Float32Array): number {
  let max = 0;
  for (let i = 0; i < magnitudes.length; i++) if (magnitudes[i] > max) max = magnitudes[i];
  return max;
}

/** Flow field -> grayscale magnitude image (step 2 of the SSP pre-mask). */
export function flowToGray(flow: FlowField, scale: MagnitudeScale = DEFAULT_MAGNITUDE_SCALE): GrayImage {
  if (flow.data.length !== flow.width * flow.height * 2) {
    throw new Error(`flow field data has ${flow.data.length} values, expected ${flow.width * flow.height * 2}`);
  }
  const mag = flowMagnitudes(flow);
  const denom = scale.kind === 'fixed' ? scale.maxMagnitude : maxMagnitude(mag);
  if (!(denom > 0)) {
    if (scale.kind === 'fixed') throw new Error(`maxMagnitude must be > 0, got ${scale.maxMagnitude}`);
    return { width: flow.width, height: flow.height, data: new Float32Array(mag.length) };
  }
  for (let i = 0; i < mag.length; i++) mag[i] = Math.min(255, (255 * mag[i]) / denom);
  return { width: flow.width, height: flow.height, data: mag };
}
