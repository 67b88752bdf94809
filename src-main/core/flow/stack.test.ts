import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stackFlowImages } from './stack';
import type { GrayImage } from './types';

const gray = (values: number[], width = values.length): GrayImage => ({ width, height: values.length / width, data: Float32Array.from(values) });

const flowsArb = fc
  .record({ n: fc.integer({ min: 1, max: 8 }), pixels: fc.integer({ min: 1, max: 12 }) })
  .chain(({ n, pixels }) => fc.array(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: pixels, maxLength: pixels }), { minLength: n, maxLength: n }));

describe('stackFlowImages (Eq. 1)', () => {
  it('turns T-1 flow images into T frames: ends copied, inner frames the mean of their two flows', () => {
    fc.assert(
      fc.property(flowsArb, (flows) => {
        const out = stackFlowImages(flows.map((f) => gray(f)));
        const T = flows.length + 1;
        expect(out).toHaveLength(T);
        expect(Array.from(out[0].data)).toEqual(flows[0]);
        expect(Array.from(out[T - 1].data)).toEqual(flows[T - 2]);
        for (let t = 1; t < T - 1; t++) {
          expect(Array.from(out[t].data)).toEqual(flows[t - 1].map((v, i) => (v + flows[t][i]) / 2));
        }
      }),
    );
  });

  it('gives T=3 frames [O1, (O1+O2)/2, O2] for a three-frame video', () => {
    const out = stackFlowImages([gray([0, 10, 200, 40], 2), gray([100, 20, 0, 41], 2)]);
    expect(out.map((g) => Array.from(g.data))).toEqual([[0, 10, 200, 40], [50, 15, 100, 40.5], [100, 20, 0, 41]]);
    expect(out[1]).toMatchObject({ width: 2, height: 2 });
  });

  it('refuses a one-frame video (no flow) with a message saying why', () => {
    expect(() => stackFlowImages([])).toThrow(/one-frame video has no optical flow.*at least 2 frames/);
  });

  it('refuses flow images of different sizes', () => {
    expect(() => stackFlowImages([gray([1, 2], 2), gray([1, 2], 1)])).toThrow(/Flow image 2 is 1x2, flow image 1 is 2x1/);
  });
});
