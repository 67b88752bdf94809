import type { FlowField, GrayImage, RgbImage } from './types';

/**
 * Bilinear resampling of an interleaved image with `channels` float channels, pixel centres aligned
 * (the same convention as OpenCV's INTER_LINEAR and torch's align_corners=False), edges clamped.
 */
export function resizeBilinear(src: Float32Array, width: number, height: number, channels: number, outW: number, outH: number): Float32Array {
  const out = new Float32Array(outW * outH * channels);
  // Column taps and weights are the same for every row: computed once (this runs on every mask of every frame).
  const [x0s, x1s, wxs] = taps(width, outW);
  const [y0s, y1s, wys] = taps(height, outH);
  for (let y = 0; y < outH; y++) {
    const r0 = y0s[y] * width;
    const r1 = y1s[y] * width;
    const wy = wys[y];
    for (let x = 0; x < outW; x++) {
      const a = (r0 + x0s[x]) * channels;
      const b = (r0 + x1s[x]) * channels;
      const c = (r1 + x0s[x]) * channels;
      const d = (r1 + x1s[x]) * channels;
      const wx = wxs[x];
      const o = (y * outW + x) * channels;
      for (let k = 0; k < channels; k++) {
        const top = src[a + k] * (1 - wx) + src[b + k] * wx;
        const bottom = src[c + k] * (1 - wx) + src[d + k] * wx;
        out[o + k] = top * (1 - wy) + bottom * wy;
      }
    }
  }
  return out;
}

/** For each output index along one axis: the two source indices and the weight of the second. */
function taps(size: number, outSize: number): [Int32Array, Int32Array, Float64Array] {
  const i0 = new Int32Array(outSize);
  const i1 = new Int32Array(outSize);
  const w = new Float64Array(outSize);
  const scale = size / outSize;
  for (let i = 0; i < outSize; i++) {
    const f = Math.min(size - 1, Math.max(0, (i + 0.5) * scale - 0.5));
    i0[i] = Math.floor(f);
    i1[i] = Math.min(size - 1, i0[i] + 1);
    w[i] = f - i0[i];
  }
  return [i0, i1, w];
}

export function resizeGray(img: GrayImage, outW: number, outH: number): GrayImage {
  if (img.width === outW && img.height === outH) return img;
  return { width: outW, height: outH, data: resizeBilinear(img.data, img.width, img.height, 1, outW, outH) };
}

/** Resizes a flow field and rescales its vectors so they stay in pixels of the new size. */
export function resizeFlow(flow: FlowField, outW: number, outH: number): FlowField {
  if (flow.width === outW && flow.height === outH) return flow;
  const data = resizeBilinear(flow.data, flow.width, flow.height, 2, outW, outH);
  const ku = outW / flow.width;
  const kv = outH / flow.height;
  for (let i = 0; i < data.length; i += 2) {
    data[i] *= ku;
    data[i + 1] *= kv;
  }
  return { width: outW, height: outH, data };
}

/** Bilinear RGB resize (rounded back to bytes), e.g. to a flow network's fixed input size. */
export function resizeRgb(img: RgbImage, outW: number, outH: number): RgbImage {
  if (img.width === outW && img.height === outH) return img;
  const f = resizeBilinear(Float32Array.from(img.data), img.width, img.height, 3, outW, outH);
  return { width: outW, height: outH, data: Uint8Array.from(f, (v) => Math.round(v)) };
}
