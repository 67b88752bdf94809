import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resizeBilinear, resizeFlow, resizeGray, resizeRgb } from './resize';

/** Straightforward bilinear sampling, one output value at a time, as the independent reference. */
function referenceBilinear(src: number[], width: number, height: number, channels: number, outW: number, outH: number): number[] {
  const at = (x: number, y: number, c: number) => src[(y * width + x) * channels + c];
  const out: number[] = [];
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      const fx = Math.min(width - 1, Math.max(0, ((x + 0.5) * width) / outW - 0.5));
      const fy = Math.min(height - 1, Math.max(0, ((y + 0.5) * height) / outH - 0.5));
      const [x0, y0] = [Math.floor(fx), Math.floor(fy)];
      const [x1, y1] = [Math.min(width - 1, x0 + 1), Math.min(height - 1, y0 + 1)];
      for (let c = 0; c < channels; c++) {
        const top = at(x0, y0, c) + (at(x1, y0, c) - at(x0, y0, c)) * (fx - x0);
        const bottom = at(x0, y1, c) + (at(x1, y1, c) - at(x0, y1, c)) * (fx - x0);
        out.push(top + (bottom - top) * (fy - y0));
      }
    }
  }
  return out;
}

describe('resize', () => {
  it('keeps a linear ramp linear when upsampling by 2 (pixel-centre aligned, clamped ends)', () => {
    const out = resizeBilinear(Float32Array.from([0, 4]), 2, 1, 1, 4, 1);
    // source centres at x=0.5, 1.5 -> output centres map to -0.25, 0.25, 0.75, 1.25 (clamped at 0 and 1)
    expect(Array.from(out)).toEqual([0, 1, 3, 4]);
  });

  it('averages 2x2 blocks when downsampling by 2', () => {
    const src = Float32Array.from([1, 3, 10, 20, 5, 7, 30, 40]); // 4x2
    expect(Array.from(resizeGray({ width: 4, height: 2, data: src }, 2, 1).data)).toEqual([4, 25]);
  });

  it('scales flow vectors by the size ratio per axis', () => {
    const flow = { width: 2, height: 2, data: Float32Array.from([1, 2, 1, 2, 1, 2, 1, 2]) };
    const out = resizeFlow(flow, 4, 1);
    expect(out).toMatchObject({ width: 4, height: 1 });
    expect(Array.from(out.data)).toEqual([2, 1, 2, 1, 2, 1, 2, 1]);
  });

  it('agrees with a direct per-pixel bilinear sampler for any sizes and channel counts', () => {
    const dims = fc.record({ w: fc.integer({ min: 1, max: 9 }), h: fc.integer({ min: 1, max: 9 }), c: fc.integer({ min: 1, max: 3 }), ow: fc.integer({ min: 1, max: 13 }), oh: fc.integer({ min: 1, max: 13 }) });
    fc.assert(
      fc.property(dims.chain((d) => fc.tuple(fc.constant(d), fc.array(fc.integer({ min: -300, max: 300 }), { minLength: d.w * d.h * d.c, maxLength: d.w * d.h * d.c }))), ([d, values]) => {
        const fast = resizeBilinear(Float32Array.from(values), d.w, d.h, d.c, d.ow, d.oh);
        referenceBilinear(values, d.w, d.h, d.c, d.ow, d.oh).forEach((v, i) => expect(fast[i]).toBeCloseTo(v, 3));
      }),
      { numRuns: 150 },
    );
  });

  it('returns the input unchanged when the size already matches', () => {
    const img = { width: 1, height: 1, data: Float32Array.from([7]) };
    expect(resizeGray(img, 1, 1)).toBe(img);
  });
});

describe('resizeRgb', () => {
  it('resizes each channel and rounds back to bytes', () => {
    const img = { width: 2, height: 1, data: Uint8Array.from([0, 10, 255, 3, 20, 0]) };
    expect(Array.from(resizeRgb(img, 1, 1).data)).toEqual([2, 15, 128]); // means 1.5, 15, 127.5 rounded
  });
});
