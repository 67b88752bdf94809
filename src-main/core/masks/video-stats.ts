import type { BinaryMask } from './types';

/** Pixel counts of one frame's M_O against its binary GT. */
export interface FrameCounts {
  motion: number; // |M_O|
  gt: number; // |M_GT|
  motionInGt: number; // |M_O AND M_GT|
  pixels: number;
}

/**
 * Per-video statistics, pooled over the frames that have GT:
 * - gtCoverage = |M_O AND GT| / |GT|: how much of the sounding objects the flow mask finds (null without GT pixels).
 * - motionOutsideGt = |M_O \ GT| / |M_O|: motion outside the objects, mostly camera motion (null without motion).
 * - motionShare = |M_O| / pixels: how much of the picture moves at all.
 */
export interface VideoMaskStats {
  frames: number;
  gtCoverage: number | null;
  motionOutsideGt: number | null;
  motionShare: number;
}

export function frameCounts(mO: BinaryMask, mGT: BinaryMask): FrameCounts {
  if (mO.data.length !== mGT.data.length) throw new Error('M_O and M_GT differ in size');
  let motion = 0;
  let gt = 0;
  let motionInGt = 0;
  for (let i = 0; i < mO.data.length; i++) {
    motion += mO.data[i];
    gt += mGT.data[i];
    motionInGt += mO.data[i] & mGT.data[i];
  }
  return { motion, gt, motionInGt, pixels: mO.data.length };
}

export function videoStats(frames: readonly FrameCounts[]): VideoMaskStats {
  const sum = frames.reduce(
    (acc, f) => ({
      motion: acc.motion + f.motion,
      gt: acc.gt + f.gt,
      motionInGt: acc.motionInGt + f.motionInGt,
      pixels: acc.pixels + f.pixels,
    }),
    { motion: 0, gt: 0, motionInGt: 0, pixels: 0 },
  );
  return {
    frames: frames.length,
    gtCoverage: sum.gt > 0 ? sum.motionInGt / sum.gt : null,
    motionOutsideGt: sum.motion > 0 ? (sum.motion - sum.motionInGt) / sum.motion : null,
    motionShare: sum.pixels > 0 ? sum.motion / sum.pixels : 0,
  };
}

/** |M_O| / pixels over all of a video's frames, annotated or not. */
export function motionShare(masks: readonly BinaryMask[]): number {
  let on = 0;
  let all = 0;
  for (const m of masks) {
    for (let i = 0; i < m.data.length; i++) on += m.data[i];
    all += m.data.length;
  }
  return all ? on / all : 0;
}
