import { describe, expect, it } from 'vitest';
import { motionMasks, perFrameFlowImages, videoMotionMasks } from './video-masks';

/** A 2x1 flow field with the given horizontal motions. */
const flow = (u0: number, u1: number) => ({ width: 2, height: 1, data: Float32Array.from([u0, 0, u1, 0]) });

describe('per-video SSP motion masks', () => {
  it('renders, stacks (Eq. 1) and thresholds T-1 flows into T masks', () => {
    const grays = perFrameFlowImages([flow(0, 4), flow(2, 0)], { kind: 'fixed', maxMagnitude: 8 });
    // gray = 255 * |u| / 8 -> O1 = [0, 127.5], O2 = [63.75, 0]; frame 2 is their mean
    expect(grays.map((g) => Array.from(g.data))).toEqual([[0, 127.5], [31.875, 63.75], [63.75, 0]]);
    const masks = motionMasks(grays, { kind: 'fixed', level: 40 });
    expect(masks.map((m) => Array.from(m.mO.data))).toEqual([[0, 1], [0, 1], [1, 0]]);
    expect(masks.map((m) => m.level)).toEqual([40, 40, 40]);
  });

  it('chooses the level per frame for automatic thresholds', () => {
    const grays = perFrameFlowImages([flow(1, 8)], { kind: 'fixed', maxMagnitude: 8 });
    const masks = motionMasks(grays, { kind: 'otsu' });
    expect(masks).toHaveLength(2);
    expect(masks[0].level).toBe(32); // bins 32 (ceil of 31.875) and 255: Otsu splits right at the lower one
    expect(Array.from(masks[0].mO.data)).toEqual([0, 1]);
  });
});

describe('per-video masks at the native size', () => {
  it('upsamples the Eq. 1 images before thresholding, so the masks have the frames size', () => {
    // 2x1 flow -> 4x2 native: gray [0, 255] upsampled bilinearly is [0, 63.75, 191.25, 255] on both rows
    const masks = videoMotionMasks([flow(0, 8)], { kind: 'fixed', maxMagnitude: 8 }, { kind: 'fixed', level: 100 }, 4, 2);
    expect(masks).toHaveLength(2);
    expect(masks[1].mO).toEqual({ width: 4, height: 2, data: Uint8Array.from([0, 0, 1, 1, 0, 0, 1, 1]) });
    expect(Array.from(masks[0].gray.data.subarray(0, 4))).toEqual([0, 63.75, 191.25, 255]);
  });
});
