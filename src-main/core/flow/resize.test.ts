import { describe, expect, it } from 'vitest';
import { resizeBilinear, resizeFlow, resizeGray, resizeRgb } from './resize';

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
