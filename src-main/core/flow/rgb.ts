import type { RgbImage } from './types';

/** RGB -> 8-bit luma with the BT.601 weights OpenCV's cvtColor uses, so classical flow sees the same input. */
export function rgbToGray8(img: RgbImage): Uint8Array {
  const n = img.width * img.height;
  if (img.data.length !== n * 3) throw new Error(`RGB image has ${img.data.length} bytes, expected ${n * 3}`);
  const out = new Uint8Array(n);
  const d = img.data;
  for (let i = 0; i < n; i++) out[i] = Math.round(0.299 * d[3 * i] + 0.587 * d[3 * i + 1] + 0.114 * d[3 * i + 2]);
  return out;
}
