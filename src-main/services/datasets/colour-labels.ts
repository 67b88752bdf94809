import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { colourToIndex } from '../../core/metrics/avss-palette';
import { readImageHeader } from '../../core/dataset/image-header';
import type { Rgb } from '../../core/dataset/palette';
import type { DerivedCache } from './derived-cache';
import { decodePngSamples } from './png-samples';

/**
 * The index PNG (8-bit class per pixel, 255 = colour not in the palette) of a labels_rgb colour label, converted once
 * into the cache: AVSS folders without labels_semantic still give every consumer class-index labels.
 */
export function indexLabelFromColour(cache: DerivedCache, colourPng: string, palette: readonly Rgb[]): Promise<string> {
  const key = cache.key(colourPng, `rgb2idx:${palette.map((c) => c.join(',')).join(';')}`);
  return cache.ensure(key, 'label.png', async (tmp) => {
    const { data, info } = await sharp(colourPng).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    const index = colourToIndex(data, info.channels, palette);
    await sharp(Buffer.from(index), { raw: { width: info.width, height: info.height, channels: 1 } }).toColourspace('b-w').png().toFile(tmp);
  });
}

/** A palette-mode index PNG as a plain 8-bit grey PNG of its indices (decoders would expand it to colours). */
export function greyFromPalettePng(cache: DerivedCache, png: string): Promise<string> {
  return cache.ensure(cache.key(png, 'palette2grey'), 'label.png', async (tmp) => {
    const { width, height, values } = decodePngSamples(fs.readFileSync(png), png);
    await sharp(Buffer.from(values), { raw: { width, height, channels: 1 } }).toColourspace('b-w').png().toFile(tmp);
  });
}

/** A single-sample mask as consumers can decode it: the file itself, or for a palette-mode PNG its indices as grey. */
export async function decodableMask(cache: DerivedCache, png: string): Promise<string> {
  const fd = fs.openSync(png, 'r');
  const head = Buffer.alloc(33);
  try {
    fs.readSync(fd, head, 0, 33, 0);
  } finally {
    fs.closeSync(fd);
  }
  return readImageHeader(head)?.palette ? greyFromPalettePng(cache, png) : png;
}

/** labels_semantic/<t>.png (palette-mode ones as grey) when the folder has it, else labels_rgb/<t>.png converted to indices. */
export async function avssLabel(cache: DerivedCache, videoDir: string, t: number, palette: readonly Rgb[]): Promise<string> {
  const semantic = path.join(videoDir, 'labels_semantic', `${t}.png`);
  return fs.existsSync(semantic) ? decodableMask(cache, semantic) : indexLabelFromColour(cache, path.join(videoDir, 'labels_rgb', `${t}.png`), palette);
}
