import { describe, expect, it } from 'vitest';
import { fromPlanarFlow, padUp, toPlanar, type InputNormalisation } from './model-io';

const rgb = { width: 2, height: 1, data: Uint8Array.from([10, 20, 30, 40, 50, 60]) };
const identity: InputNormalisation = { scale: 1, mean: [0, 0, 0], std: [1, 1, 1], order: 'RGB' };

describe('model input/output layout', () => {
  it('rounds sizes up to a multiple', () => {
    expect([padUp(224, 8), padUp(225, 8), padUp(1, 8)]).toEqual([224, 232, 8]);
  });

  it('writes planar channels and normalises each one', () => {
    const norm: InputNormalisation = { scale: 255, mean: [0.5, 0.5, 0.5], std: [0.5, 0.25, 0.5], order: 'RGB' };
    const out = Array.from(toPlanar({ width: 1, height: 1, data: Uint8Array.from([0, 255, 51]) }, norm, 1, 1, 'zero'));
    expect(out[0]).toBeCloseTo(-1, 6);
    expect(out[1]).toBeCloseTo(2, 6);
    expect(out[2]).toBeCloseTo(-0.6, 6);
  });

  it('swaps to BGR and pads right/bottom by replication or zeros', () => {
    expect(Array.from(toPlanar(rgb, { ...identity, order: 'BGR' }, 3, 2, 'replicate'))).toEqual([
      30, 60, 60, 30, 60, 60, // B plane
      20, 50, 50, 20, 50, 50, // G plane
      10, 40, 40, 10, 40, 40, // R plane
    ]);
    expect(Array.from(toPlanar(rgb, identity, 3, 1, 'zero'))).toEqual([10, 40, 0, 20, 50, 0, 30, 60, 0]);
  });

  it('writes a second frame after the first in a shared stacked buffer', () => {
    const buf = new Float32Array(12);
    toPlanar(rgb, identity, 2, 1, 'zero', buf, 0);
    toPlanar(rgb, { ...identity, scale: 10 }, 2, 1, 'zero', buf, 6);
    expect(Array.from(buf)).toEqual([10, 40, 20, 50, 30, 60, 1, 4, 2, 5, 3, 6]);
  });

  it('interleaves u/v planes, crops the padding and scales', () => {
    // 3x2 output: u plane 0..5, v plane 10..15; crop to 2x1
    const data = Float32Array.from([0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15]);
    expect(fromPlanarFlow(data, 3, 2, 2, 1, 2)).toEqual({ width: 2, height: 1, data: Float32Array.from([0, 20, 2, 22]) });
  });
});
