import { flowToGray, type MagnitudeScale } from '../flow/magnitude';
import { resizeGray } from '../flow/resize';
import { stackFlowImages } from '../flow/stack';
import type { FlowField, GrayImage } from '../flow/types';
import { binarise, thresholdLevel, type ThresholdSpec } from './threshold';
import type { BinaryMask } from './types';

export interface FrameMotion {
  /** The Eq. 1 per-frame flow image. */
  gray: GrayImage;
  /** The gray level used for this frame (differs per frame for Otsu / percentile). */
  level: number;
  mO: BinaryMask;
}

/** Steps 2-4 of the SSP pre-mask for one video: T-1 flow fields -> T gray images (Eq. 1) -> T motion masks M_O. */
export function perFrameFlowImages(flows: readonly FlowField[], scale: MagnitudeScale): GrayImage[] {
  return stackFlowImages(flows.map((f) => flowToGray(f, scale)));
}

export function motionMasks(grays: readonly GrayImage[], threshold: ThresholdSpec): FrameMotion[] {
  return grays.map((gray) => {
    const level = thresholdLevel(gray, threshold);
    return { gray, level, mO: binarise(gray, level) };
  });
}

/**
 * The whole chain for one video at the frames' native size: flows (at the work size) -> Eq. 1 gray images,
 * resized bilinearly to `width` x `height` -> thresholded there, so masks align with frames and labels.
 */
export function videoMotionMasks(
  flows: readonly FlowField[],
  scale: MagnitudeScale,
  threshold: ThresholdSpec,
  width: number,
  height: number,
): FrameMotion[] {
  return motionMasks(perFrameFlowImages(flows, scale).map((g) => resizeGray(g, width, height)), threshold);
}
