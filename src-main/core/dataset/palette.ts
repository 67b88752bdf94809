import type { ItemError } from './avss-metadata';

export type Rgb = [number, number, number];

/** Name of the optional palette file beside label2idx.json: a JSON array, entry k = [r, g, b] of class index k. */
export const PALETTE_FILE = 'palette.json';

const isRgb = (x: unknown): x is Rgb => Array.isArray(x) && x.length === 3 && x.every((v) => Number.isInteger(v) && v >= 0 && v <= 255);

/**
 * Parses a palette file. Two classes with one colour would make labels_rgb ambiguous (no way back to indices), so
 * duplicates are an error like any malformed entry; the caller then falls back to the AVSBench palette.
 */
export function parsePalette(text: string, file = PALETTE_FILE): { palette: Rgb[] } | { error: ItemError } {
  const fail = (why: string) => ({ error: { file, message: `${file} is not a usable palette: ${why}.`, fix: `Write ${file} as a JSON array with one [r, g, b] (0–255) per class index, all distinct, or delete it to use the AVSBench palette.` } });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return fail((e as Error).message);
  }
  if (!Array.isArray(data) || data.length === 0) return fail('not a non-empty JSON array');
  const bad = data.findIndex((x) => !isRgb(x));
  if (bad >= 0) return fail(`entry ${bad} is ${JSON.stringify(data[bad])?.slice(0, 40)}, not [r, g, b] with integers 0–255`);
  const seen = new Map<string, number>();
  for (const [k, rgb] of (data as Rgb[]).entries()) {
    const key = rgb.join(',');
    if (seen.has(key)) return fail(`classes ${seen.get(key)} and ${k} share the colour [${key}]`);
    seen.set(key, k);
  }
  return { palette: data as Rgb[] };
}
