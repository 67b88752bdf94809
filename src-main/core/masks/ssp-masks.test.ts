import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binaryFromLabels, binaryToPng, postMask, preMask, preMaskToPng } from './ssp-masks';
import type { BinaryMask } from './types';

const pairArb = fc
  .integer({ min: 1, max: 64 })
  .chain((n) =>
    fc.tuple(
      fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }),
      fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }),
    ),
  );
const mask = (bits: number[]): BinaryMask => ({ width: bits.length, height: 1, data: Uint8Array.from(bits) });

describe('SSP masks', () => {
  it('M_Pre is 1 exactly on M_O AND M_GT, 0.5 exactly on the symmetric difference, 0 elsewhere (Eq. 2)', () => {
    fc.assert(
      fc.property(pairArb, ([o, g]) => {
        const pre = preMask(mask(o), mask(g)).data;
        o.forEach((oi, i) => {
          const gi = g[i];
          expect(pre[i] === 1).toBe(oi === 1 && gi === 1);
          expect(pre[i] === 0.5).toBe(oi !== gi);
          expect(pre[i] === 0).toBe(oi === 0 && gi === 0);
        });
      }),
    );
  });

  it('M_Post is a subset of both M_O and M_GT and equals their intersection', () => {
    fc.assert(
      fc.property(pairArb, ([o, g]) => {
        const post = postMask(mask(o), mask(g)).data;
        post.forEach((p, i) => {
          expect(p <= o[i] && p <= g[i]).toBe(true);
          expect(p).toBe(o[i] === 1 && g[i] === 1 ? 1 : 0);
        });
      }),
    );
  });

  it('exports PNG gray levels 0/255 for binary masks and 0/128/255 for M_Pre', () => {
    const o = mask([0, 1, 0, 1]);
    const g = mask([0, 0, 1, 1]);
    expect(Array.from(preMaskToPng(preMask(o, g)))).toEqual([0, 128, 128, 255]);
    expect(Array.from(binaryToPng(postMask(o, g)))).toEqual([0, 0, 0, 255]);
  });

  it('treats every semantic class index > 0 as GT foreground', () => {
    expect(Array.from(binaryFromLabels(4, 1, Uint8Array.from([0, 1, 70, 0])).data)).toEqual([0, 1, 1, 0]);
    expect(() => binaryFromLabels(3, 1, new Uint8Array(4))).toThrow(/expected 3/);
  });

  it('refuses masks of different sizes', () => {
    expect(() => preMask(mask([1, 0]), mask([1]))).toThrow(/2x1 vs 1x1/);
  });
});
