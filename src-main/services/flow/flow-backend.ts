import { AppError } from '../../api/errors';
import type { FlowField, RgbImage } from '../../core/flow/types';

/** One way of computing dense optical flow between two frames of the same size. */
export interface FlowBackend {
  /** Names the backend and every setting that changes its output; flow caches are keyed by it. */
  readonly fingerprint: string;
  /** Flow from `prev` to `next`, in pixels of the input size. */
  compute(prev: RgbImage, next: RgbImage): Promise<FlowField>;
  dispose(): Promise<void>;
}

export function assertSameSize(prev: RgbImage, next: RgbImage, what = 'frames'): void {
  if (prev.width !== next.width || prev.height !== next.height) {
    throw new AppError('bad_input', `The ${what} differ in size: ${prev.width}x${prev.height} vs ${next.width}x${next.height}.`, {
      fix: 'Every frame of a video must have the same size; re-extract the frames at one resolution.',
    });
  }
}
