import type { FlowField, RgbImage } from './types';

/** Input scaling of a flow network: value = (pixel / scale - mean[c]) / std[c], channels in `order`. */
export interface InputNormalisation {
  scale: number;
  mean: readonly [number, number, number];
  std: readonly [number, number, number];
  order: 'RGB' | 'BGR';
}

/** Smallest multiple of `m` that is >= n. */
export const padUp = (n: number, m: number) => Math.ceil(n / m) * m;

/**
 * RGB image -> planar float32 CHW tensor data of size outW x outH, written at `offset` (so two frames can share one
 * stacked buffer). Pixels beyond the image (padding on the right and bottom) repeat the edge or are 0 after scaling.
 */
export function toPlanar(
  img: RgbImage,
  norm: InputNormalisation,
  outW: number,
  outH: number,
  padding: 'replicate' | 'zero',
  target = new Float32Array(3 * outW * outH),
  offset = 0,
): Float32Array {
  const plane = outW * outH;
  for (let c = 0; c < 3; c++) {
    const src = norm.order === 'RGB' ? c : 2 - c;
    const mean = norm.mean[c];
    const std = norm.std[c];
    const base = offset + c * plane;
    for (let y = 0; y < outH; y++) {
      for (let x = 0; x < outW; x++) {
        const inside = x < img.width && y < img.height;
        let v = 0;
        if (inside || padding === 'replicate') {
          const xi = Math.min(x, img.width - 1);
          const yi = Math.min(y, img.height - 1);
          v = (img.data[3 * (yi * img.width + xi) + src] / norm.scale - mean) / std;
        }
        target[base + y * outW + x] = v;
      }
    }
  }
  return target;
}

/** Planar [2, h, w] network output (u plane then v plane) -> interleaved flow field, cropped to width x height. */
export function fromPlanarFlow(data: Float32Array, outW: number, outH: number, width: number, height: number, factor = 1): FlowField {
  const plane = outW * outH;
  if (data.length < 2 * plane) throw new Error(`flow output has ${data.length} values, expected ${2 * plane}`);
  const out = new Float32Array(width * height * 2);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      out[2 * (y * width + x)] = data[y * outW + x] * factor;
      out[2 * (y * width + x) + 1] = data[plane + y * outW + x] * factor;
    }
  }
  return { width, height, data: out };
}
