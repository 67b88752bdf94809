import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binaryFrameCounts, frameFCurve, frameIou } from './binary-frame';
import { binaryMean, evaluateBinaryBatch } from './binary-video';
import { referenceBinaryBatch, referenceFrameFCurve, referenceFrameIou } from './reference-metrics';
import { binaryFrame } from './test-frames';

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6;

describe('binary frame metrics (histogram) vs the per-threshold reference', () => {
  it('IoU and the whole F curve agree on random and adversarial frames', () => {
    fc.assert(
      fc.property(binaryFrame, ({ prob, gt }) => {
        const c = binaryFrameCounts(prob, gt);
        expect(frameIou(c)).toBeCloseTo(referenceFrameIou(prob, gt), 12);
        const curve = frameFCurve(c);
        if (!gt.some((v) => v > 0)) return curve === null;
        const ref = referenceFrameFCurve(prob, gt);
        return ref.every((f, t) => close(f, curve![t]));
      }),
      { numRuns: 600 },
    );
  });

  it('batches (mIoU, max of the mean F curve) agree', () => {
    fc.assert(
      fc.property(fc.array(binaryFrame, { minLength: 1, maxLength: 6 }), (frames) => {
        const a = evaluateBinaryBatch(frames);
        const b = referenceBinaryBatch(frames);
        return close(a.miou, b.miou) && close(a.fscore, b.fscore);
      }),
      { numRuns: 300 },
    );
  });
});

describe('official rules on hand-made frames', () => {
  const n = 100;
  const ones = new Uint8Array(n).fill(255);
  const zeros = new Uint8Array(n);
  const half = Uint8Array.from({ length: n }, (_, i) => (i < 50 ? 255 : 0));

  it('empty GT scores the share of pixels where both are empty', () => {
    expect(frameIou(binaryFrameCounts(zeros, zeros))).toBe(100 / (100 + 1e-7));
    expect(frameIou(binaryFrameCounts(half, zeros))).toBe(50 / (100 + 1e-7));
    expect(frameIou(binaryFrameCounts(ones, zeros))).toBe(0);
  });

  it('p = 0.5 is background for IoU (> 0.5) but passes the 0.5 threshold of the F curve', () => {
    const prob = new Float32Array(n).fill(0.5);
    const c = binaryFrameCounts(prob, half);
    expect(frameIou(c)).toBe(0);
    // At t = 0.5 everything is predicted: precision 0.5, recall 1 -> 1.3 * 0.5 / (0.3 * 0.5 + 1).
    expect(frameFCurve(c)![127]).toBeCloseTo((1.3 * 0.5) / (0.15 + 1), 12);
    expect(frameFCurve(c)![128]).toBe(0);
  });

  it('all-zero prediction: F is 0 at every threshold above 0, and a batch of empty GTs scores F = 0', () => {
    const curve = frameFCurve(binaryFrameCounts(zeros, half))!;
    expect(curve[0]).toBeCloseTo((1.3 * 0.5) / (0.15 + 1), 12);
    expect(Math.max(...curve.slice(1))).toBe(0);
    const b = evaluateBinaryBatch([{ prob: ones, gt: zeros }, { prob: zeros, gt: zeros }]);
    expect(b.fscore).toBe(0);
    expect(b.miou).toBe(100 / (100 + 1e-7) / 2);
    expect(b.frames.map((f) => f.fscore)).toEqual([null, null]);
  });

  it('the final numbers are plain means over batches', () => {
    expect(binaryMean([{ miou: 1, fscore: 0.5 }, { miou: 0, fscore: 0.25 }])).toEqual({ miou: 0.5, fscore: 0.375 });
  });
});
