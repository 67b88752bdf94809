import type { RgbImage } from './types';

/**
 * A smooth, textured RGB test picture sampled at (x - dx, y - dy), so two calls with different offsets are the
 * same scene translated by the difference: flow backends must recover it. Deterministic, for tests and benches.
 */
export function texturedFrame(width: number, height: number, dx = 0, dy = 0): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = x - dx;
      const v = y - dy;
      const base = 128 + 50 * Math.sin(u / 5.1) * Math.cos(v / 6.3) + 40 * Math.sin((u + 2 * v) / 9.7) + 25 * Math.cos((u - v) / 3.3);
      const i = 3 * (y * width + x);
      data[i] = Math.max(0, Math.min(255, Math.round(base)));
      data[i + 1] = Math.max(0, Math.min(255, Math.round(base * 0.8 + 20)));
      data[i + 2] = Math.max(0, Math.min(255, Math.round(255 - base)));
    }
  }
  return { width, height, data };
}
