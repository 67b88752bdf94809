import { flowMagnitudes, maxMagnitude, type MagnitudeScale } from './magnitude';
import type { FlowField, RgbImage } from './types';

// The Middlebury colour coding (Baker et al., 2007): hue = flow direction, saturation = magnitude, zero motion is
// white. The wheel interpolates between six primaries; the segment lengths give perceptually even steps.
const SEGMENTS: readonly [number, readonly [number, number, number]][] = [
  [15, [255, 0, 0]], // red -> yellow
  [6, [255, 255, 0]], // yellow -> green
  [4, [0, 255, 0]], // green -> cyan
  [11, [0, 255, 255]], // cyan -> blue
  [13, [0, 0, 255]], // blue -> magenta
  [6, [255, 0, 255]], // magenta -> red
];

/** The wheel's colours, in order, as [r, g, b] on 0..1 (55 entries). */
export const WHEEL: readonly (readonly [number, number, number])[] = SEGMENTS.flatMap(([steps, from], s) => {
  const to = SEGMENTS[(s + 1) % SEGMENTS.length][1];
  return Array.from({ length: steps }, (_, k) => from.map((c, j) => (c + ((to[j] - c) * k) / steps) / 255) as [number, number, number]);
});

/** Flow field -> RGB picture for the viewer; magnitudes are normalised like the gray image (saturating at 1). */
export function flowToColour(flow: FlowField, scale: MagnitudeScale): RgbImage {
  const n = flow.width * flow.height;
  const mag = flowMagnitudes(flow);
  const denom = scale.kind === 'fixed' ? scale.maxMagnitude : maxMagnitude(mag);
  const out = new Uint8Array(n * 3);
  const count = WHEEL.length;
  for (let i = 0; i < n; i++) {
    const radius = denom > 0 ? Math.min(1, mag[i] / denom) : 0;
    // Angle as in the reference coding: flow pointing right (u > 0) sits at both ends of the wheel (red).
    const angle = Math.atan2(-flow.data[2 * i + 1], -flow.data[2 * i]) / Math.PI;
    const pos = ((angle + 1) / 2) * (count - 1);
    const k0 = Math.floor(pos);
    const k1 = (k0 + 1) % count;
    const frac = pos - k0;
    for (let c = 0; c < 3; c++) {
      const hue = (1 - frac) * WHEEL[k0][c] + frac * WHEEL[k1][c];
      out[3 * i + c] = Math.round(255 * (1 - radius * (1 - hue)));
    }
  }
  return { width: flow.width, height: flow.height, data: out };
}
