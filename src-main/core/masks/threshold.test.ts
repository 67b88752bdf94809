import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binarise, motionMask, otsuLevel, percentile, thresholdLevel } from './threshold';

const img = (values: number[]) => ({ width: values.length, height: 1, data: Float32Array.from(values) });

/** Independent Otsu: for every integer level, the between-class variance computed directly from the pixels. */
function bruteOtsu(values: number[]): number {
  let best = 0;
  let bestVar = -1;
  for (let t = 0; t < 255; t++) {
    const low = values.filter((v) => Math.ceil(v) <= t);
    const high = values.filter((v) => Math.ceil(v) > t);
    if (!low.length || !high.length) continue;
    const mean = (xs: number[]) => xs.reduce((a, b) => a + Math.ceil(b), 0) / xs.length;
    const between = (low.length / values.length) * (high.length / values.length) * (mean(low) - mean(high)) ** 2;
    if (between > bestVar + 1e-9) {
      bestVar = between;
      best = t;
    }
  }
  return best;
}

describe('threshold', () => {
  it('binarise marks strictly brighter pixels as motion', () => {
    expect(Array.from(binarise(img([0, 10, 10.5, 255]), 10).data)).toEqual([0, 0, 1, 1]);
  });

  it('otsu agrees with a brute-force between-class variance search', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 2, maxLength: 40 }), (values) => {
        expect(otsuLevel(Float32Array.from(values))).toBe(bruteOtsu(values));
      }),
      { numRuns: 60 },
    );
  });

  it('otsu separates a bimodal image between its modes', () => {
    const values = [...Array(70).fill(3), ...Array(30).fill(200)];
    const level = otsuLevel(Float32Array.from(values));
    expect(level).toBeGreaterThanOrEqual(3);
    expect(level).toBeLessThan(200);
    expect(motionMask(img(values), { kind: 'otsu' }).data.reduce((a, b) => a + b, 0)).toBe(30);
  });

  it('percentile is the nearest-rank value and floors at minLevel', () => {
    const values = Array.from({ length: 100 }, (_, i) => i);
    expect(percentile(Float32Array.from(values), 90)).toBe(89);
    expect(percentile(Float32Array.from(values), 0)).toBe(0);
    expect(percentile(Float32Array.from(values), 100)).toBe(99);
    expect(motionMask(img(values), { kind: 'percentile', p: 90 }).data.reduce((a, b) => a + b, 0)).toBe(10);
    expect(thresholdLevel(img(values), { kind: 'percentile', p: 10, minLevel: 50 })).toBe(50);
    expect(thresholdLevel(img([0, 0, 1]), { kind: 'otsu', minLevel: 20 })).toBe(20);
    expect(() => percentile(Float32Array.from(values), 101)).toThrow(/\[0, 100\]/);
  });

  it('fixed uses the level as given', () => {
    expect(thresholdLevel(img([1, 2, 3]), { kind: 'fixed', level: 2 })).toBe(2);
  });
});
