import type { FlowField, GrayImage, RgbImage } from './types';

/**
 * Bilinear resampling of an interleaved image with `channels` float channels, pixel centres aligned
 * (the same convention as OpenCV's INTER_LINEAR and torch's align_corners=False), edges clamped.
 */
export function resizeBilinear(src: Float32Array, width: number, height: number, channels: number, outW: number, outH: number): Float32Array {
  const out = new Float32Array(outW * outH * channels);
  const sx = width / outW;
  const sy = height / outH;
  for (let y = 0; y < outH; y++) {
    const fy = Math.min(height - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(height - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < outW; x++) {
      const fx = Math.min(width - 1, Math.max(0, (x + 0.5) * sx - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(width - 1, x0 + 1);
      const wx = fx - x0;
      for (let c = 0; c < channels; c++) {
        const at = (xx: number, yy: number) => src[(yy * width + xx) * channels + c];
        const top = at(x0, y0) * (1 - wx) + at(x1, y0) * wx;
        const bottom = at(x0, y1) * (1 - wx) + at(x1, y1) * wx;
        out[(y * outW + x) * channels + c] = top * (1 - wy) + bottom * wy;
      }
    }
  }
  return out;
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
