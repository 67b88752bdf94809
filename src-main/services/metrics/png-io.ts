import sharp from 'sharp';
import { AppError } from '../../api/errors';
import { colourToIndex } from '../../core/metrics/avss-palette';

export interface Plane {
  data: Uint8Array;
  width: number;
  height: number;
}

async function decode(file: string) {
  try {
    const img = sharp(file);
    // sharp expands grey PNGs to RGB on raw output; take the grey channel itself so values stay untouched.
    const grey = ((await img.metadata()).channels ?? 3) <= 2;
    const { data, info } = await (grey ? img.extractChannel(0) : img).raw().toBuffer({ resolveWithObject: true });
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), ...info };
  } catch (err) {
    throw new AppError('bad_input', `${file} is not a readable PNG (${(err as Error).message}).`, { file, fix: 'Save predictions as 8-bit PNGs.' });
  }
}

function firstChannel(data: Uint8Array, channels: number): Uint8Array {
  if (channels === 1) return data;
  const out = new Uint8Array(data.length / channels);
  for (let i = 0; i < out.length; i++) out[i] = data[i * channels];
  return out;
}

/** An 8-bit grey PNG (probability 0..255 or binary mask); of an RGB(A) file the first channel. */
export async function readGrayPng(file: string): Promise<Plane> {
  const { data, width, height, channels } = await decode(file);
  return { data: firstChannel(data, channels), width, height };
}

/** Indices saved as RGB greys (e.g. by cv2.imwrite of a 3-channel array): R = G = B everywhere, all below the class count. */
function greyIndices(data: Uint8Array, channels: number, classCount: number): boolean {
  for (let j = 0; j < data.length; j += channels) if (data[j] !== data[j + 1] || data[j] !== data[j + 2] || data[j] >= classCount) return false;
  return true;
}

/**
 * A class-index PNG: grey values are indices; colour files (palette or RGB) map back through `palette`. Greys stored
 * as RGB stay indices: the AVSBench palette's only grey below index 128 is black (class 0), so this is unambiguous.
 */
export async function readIndexPng(file: string, palette: readonly [number, number, number][]): Promise<Plane> {
  const { data, width, height, channels } = await decode(file);
  const indices = channels < 3 || greyIndices(data, channels, palette.length);
  return { data: indices ? firstChannel(data, channels) : colourToIndex(data, channels, palette), width, height };
}
