import { AppError } from '../../api/errors';
import type { GrayImage } from './types';

/**
 * Eq. 1 of SSP: T-1 flow images O^1..O^{T-1} (between consecutive frames) -> T per-frame images.
 * Frame 1 takes O^1, frame T takes O^{T-1}, and every frame in between the pixel-wise mean of the flows
 * entering and leaving it, Mean(O^{t-1}, O^t).
 */
export function stackFlowImages(flows: readonly GrayImage[]): GrayImage[] {
  if (flows.length === 0) {
    throw new AppError('bad_input', 'A one-frame video has no optical flow: SSP flow masks need at least 2 frames.', {
      fix: 'Skip this video or give it at least two frames.',
    });
  }
  const { width, height } = flows[0];
  flows.forEach((f, i) => {
    if (f.width !== width || f.height !== height) {
      throw new AppError('bad_input', `Flow image ${i + 1} is ${f.width}x${f.height}, flow image 1 is ${width}x${height}.`, {
        fix: 'All frames of a video must have the same size.',
      });
    }
  });
  const out: GrayImage[] = [flows[0]];
  for (let t = 1; t < flows.length; t++) out.push(meanOf(flows[t - 1], flows[t]));
  out.push(flows[flows.length - 1]);
  return out;
}

function meanOf(a: GrayImage, b: GrayImage): GrayImage {
  const data = new Float32Array(a.data.length);
  for (let i = 0; i < data.length; i++) data[i] = (a.data[i] + b.data[i]) / 2;
  return { width: a.width, height: a.height, data };
}
