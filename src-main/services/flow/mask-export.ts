import path from 'node:path';
import { AppError } from '../../api/errors';
import { binaryToPng, postMask, preMask, preMaskToPng } from '../../core/masks/ssp-masks';
import type { BinaryMask } from '../../core/masks/types';
import type { VideoRef } from '../datasets/dataset-access';
import { writeFileAtomic } from '../fs/atomic';
import { grayPng } from './frame-io';

export const EXPORT_LAYERS = ['mask_o', 'mask_pre', 'mask_post'] as const;

/** `<out>/<subset>/<uid>`, refusing names that would leave `out` (they come from a dataset's CSV). */
export function videoExportDir(out: string, video: VideoRef): string {
  for (const part of [video.subset, video.uid]) {
    if (!part || part === '.' || part === '..' || /[\\/]/.test(part)) {
      throw new AppError('bad_input', `Video name "${video.subset}/${video.uid}" cannot be a folder name.`, { fix: 'Rename the video in metadata.csv.' });
    }
  }
  return path.join(out, video.subset, video.uid);
}

/**
 * Writes a video's masks in the layout the training engine reads (docs/flow-masks.md):
 * mask_o/<t>.png (0/255) for every frame; mask_pre/<t>.png (0/128/255, Eq. 2) and mask_post/<t>.png (0/255) for
 * frames with GT. Returns the number of files written.
 */
export async function exportVideoMasks(out: string, video: VideoRef, mO: readonly BinaryMask[], gts: readonly (BinaryMask | null)[]): Promise<number> {
  const dir = videoExportDir(out, video);
  let files = 0;
  const write = async (layer: (typeof EXPORT_LAYERS)[number], t: number, mask: BinaryMask, gray: Uint8Array) => {
    writeFileAtomic(path.join(dir, layer, `${t}.png`), await grayPng(mask, gray));
    files++;
  };
  for (let t = 0; t < mO.length; t++) {
    await write('mask_o', t, mO[t], binaryToPng(mO[t]));
    const gt = gts[t];
    if (!gt) continue;
    await write('mask_pre', t, mO[t], preMaskToPng(preMask(mO[t], gt)));
    await write('mask_post', t, mO[t], binaryToPng(postMask(mO[t], gt)));
  }
  return files;
}
