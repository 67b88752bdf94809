/**
 * The AVSBench colour palette (shared by AVSBench-object and -semantic): class j's colour interleaves the bits of j
 * over R, G, B from the most significant bit down, so j = 0 (background) is black. Index-colour PNGs written with
 * it (the official save_color_mask) map back to class indices through colourToIndex().
 */
export function avssPalette(classCount: number): [number, number, number][] {
  return Array.from({ length: classCount }, (_, j) => {
    const rgb: [number, number, number] = [0, 0, 0];
    for (let lab = j, bit = 7; lab > 0; lab >>= 3, bit--) {
      rgb[0] |= (lab & 1) << bit;
      rgb[1] |= ((lab >> 1) & 1) << bit;
      rgb[2] |= ((lab >> 2) & 1) << bit;
    }
    return rgb;
  });
}

/** RGB(A) pixels -> class indices through a palette; colours not in it become 255 (ignored by the metrics). */
export function colourToIndex(rgb: Uint8Array, channels: number, palette: readonly [number, number, number][]): Uint8Array {
  const lookup = new Map<number, number>();
  palette.forEach(([r, g, b], k) => lookup.set((r << 16) | (g << 8) | b, k));
  const out = new Uint8Array(rgb.length / channels);
  for (let i = 0, j = 0; i < out.length; i++, j += channels) out[i] = lookup.get((rgb[j] << 16) | (rgb[j + 1] << 8) | rgb[j + 2]) ?? 255;
  return out;
}
