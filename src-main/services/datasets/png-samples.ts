import path from 'node:path';
import zlib from 'node:zlib';
import { AppError } from '../../api/errors';
import { assertOneSamplePng, pngSampleValues, readPngLayout } from '../../core/dataset/png-indices';

/** Larger label images than this are refused before anything is inflated (a header can claim any size). */
export const MAX_LABEL_PIXELS = 1 << 26;

/**
 * The stored sample values (palette indices or grey levels) of a one-sample PNG label. Every defect — not a PNG,
 * truncated, corrupt chunk, absurd size, unsupported type, a deflate stream larger than the image (a zip bomb) —
 * is a bad_input naming the file.
 */
export function decodePngSamples(bytes: Uint8Array, file: string): { width: number; height: number; values: Uint8Array } {
  const fail = (why: string) => new AppError('bad_input', `${path.basename(file)} is not a readable label PNG: ${why}.`, { file, fix: 'Re-save it as an 8-bit grey or palette PNG.' });
  try {
    const layout = readPngLayout(bytes);
    const { width, height, bitDepth } = layout;
    if (width < 1 || height < 1 || width * height > MAX_LABEL_PIXELS) throw fail(`its header claims ${width}x${height} pixels`);
    // Before inflating: the output bound below fits only this kind of image, so another would fail as "too large".
    assertOneSamplePng(layout);
    const inflated = zlib.inflateSync(layout.idat, { maxOutputLength: height * (Math.ceil((width * bitDepth) / 8) + 1) });
    return { width, height, values: pngSampleValues(layout, inflated) };
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw fail((e as Error).message);
  }
}
