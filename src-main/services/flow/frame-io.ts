import sharp from 'sharp';
import { AppError } from '../../api/errors';
import type { RgbImage } from '../../core/flow/types';
import type { BinaryMask } from '../../core/masks/types';

export interface Size {
  width: number;
  height: number;
}

/** Size a frame is scaled to for flow: the longer side becomes `maxSide` (magnitudes are then comparable across videos). */
export function workSize(native: Size, maxSide: number): Size {
  const k = maxSide / Math.max(native.width, native.height);
  return { width: Math.max(1, Math.round(native.width * k)), height: Math.max(1, Math.round(native.height * k)) };
}

/** The common size of a video's frames; a frame of another size is an error naming it. */
export async function commonFrameSize(frames: readonly string[]): Promise<Size> {
  const sizes = await Promise.all(frames.map((f) => imageSize(f)));
  const first = sizes[0];
  sizes.forEach((s, i) => {
    if (s.width !== first.width || s.height !== first.height) {
      throw new AppError('bad_input', `Frame ${frames[i]} is ${s.width}x${s.height}, frame ${frames[0]} is ${first.width}x${first.height}.`, {
        file: frames[i],
        fix: 'Every frame of a video must have the same size; re-extract the frames at one resolution.',
      });
    }
  });
  return first;
}

async function imageSize(file: string): Promise<Size> {
  try {
    const m = await sharp(file).metadata();
    return { width: m.width ?? 0, height: m.height ?? 0 };
  } catch (err) {
    throw new AppError('bad_input', `Cannot read image ${file}: ${(err as Error).message}`, { file, fix: 'Replace the file with a valid JPEG or PNG.' });
  }
}

/** A frame decoded as 8-bit RGB, resized (bilinear) to `size`. */
export async function readRgb(file: string, size: Size): Promise<RgbImage> {
  const data = await sharp(file).removeAlpha().toColourspace('srgb').resize(size.width, size.height, { fit: 'fill' }).raw().toBuffer();
  return { width: size.width, height: size.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

/**
 * Binary GT of a label PNG: foreground wherever any channel is nonzero. That is class index > 0 for 8-bit index
 * labels (AVSS labels_semantic), nonzero for S4/MS3 masks, and non-black for palette or RGB labels (the AVSS
 * palette gives background, class 0, black). The label must have the frames' size.
 */
export async function readGtMask(file: string, expected: Size): Promise<BinaryMask> {
  const { data, info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
  if (info.width !== expected.width || info.height !== expected.height) {
    throw new AppError('bad_input', `Label ${file} is ${info.width}x${info.height}, its frames are ${expected.width}x${expected.height}.`, {
      file,
      fix: 'Labels must have the size of their frames; re-export the label at the frame size.',
    });
  }
  const n = info.width * info.height;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < info.channels; c++) if (data[i * info.channels + c] > 0) out[i] = 1;
  }
  return { width: info.width, height: info.height, data: out };
}

export function grayPng(size: Size, gray: Uint8Array): Promise<Buffer> {
  // b-w keeps the PNG single-channel (8-bit gray), which is what the engine and AVSBench readers expect.
  return sharp(gray, { raw: { width: size.width, height: size.height, channels: 1 } }).toColourspace('b-w').png({ compressionLevel: 6 }).toBuffer();
}

export function rgbPng(img: RgbImage): Promise<Buffer> {
  return sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } }).png({ compressionLevel: 6 }).toBuffer();
}
