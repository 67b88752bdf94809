import { describe, expect, it } from 'vitest';
import { frameCounts, motionShare, videoStats } from './video-stats';

const mask = (bits: number[]) => ({ width: bits.length, height: 1, data: Uint8Array.from(bits) });

describe('video statistics', () => {
  it('counts one frame', () => {
    expect(frameCounts(mask([1, 1, 0, 0, 1]), mask([1, 0, 1, 0, 0]))).toEqual({ motion: 3, gt: 2, motionInGt: 1, pixels: 5 });
  });

  it('pools counts over frames before dividing', () => {
    const a = frameCounts(mask([1, 1, 1, 1]), mask([1, 1, 0, 0])); // GT fully covered, half the motion outside
    const b = frameCounts(mask([0, 0, 0, 0]), mask([1, 1, 1, 1])); // GT missed, no motion
    const stats = videoStats([a, b]);
    expect(stats.frames).toBe(2);
    expect(stats.gtCoverage).toBeCloseTo(2 / 6, 12);
    expect(stats.motionOutsideGt).toBeCloseTo(2 / 4, 12);
    expect(stats.motionShare).toBeCloseTo(4 / 8, 12);
  });

  it('reports null where a share has no denominator', () => {
    expect(videoStats([frameCounts(mask([0, 0]), mask([0, 0]))])).toEqual({ frames: 1, gtCoverage: null, motionOutsideGt: null, motionShare: 0 });
  });
});

describe('motion share', () => {
  it('pools every frame, annotated or not', () => {
    expect(motionShare([mask([1, 0, 0, 0]), mask([1, 1, 1, 0])])).toBe(4 / 8);
    expect(motionShare([])).toBe(0);
  });
});
