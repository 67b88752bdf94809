import { describe, expect, it } from 'vitest';
import zlib from 'node:zlib';
import sharp from 'sharp';
import fc from 'fast-check';
import { pngSampleValues, readPngLayout } from './png-indices';

const decode = (png: Uint8Array) => {
  const layout = readPngLayout(png);
  return { layout, values: pngSampleValues(layout, zlib.inflateSync(layout.idat)) };
};

/** The PLTE chunk as [r, g, b] per index, to map decoded indices back to colours. */
function plte(png: Uint8Array): number[][] {
  for (let off = 8; off < png.length; ) {
    const len = new DataView(png.buffer, png.byteOffset).getUint32(off);
    if (String.fromCharCode(...png.subarray(off + 4, off + 8)) === 'PLTE') return Array.from({ length: len / 3 }, (_, k) => [...png.subarray(off + 8 + 3 * k, off + 11 + 3 * k)]);
    off += 12 + len;
  }
  throw new Error('no PLTE');
}

describe('palette PNG indices', () => {
  it('indices through the PLTE give exactly the colours libvips decodes (palette PNGs of any size/content)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 2, max: 12 }), fc.integer(), async (w, h, colours, seed) => {
        const rgb = Buffer.alloc(w * h * 3);
        for (let p = 0, s = seed >>> 0; p < w * h; p++) {
          s = (s * 1103515245 + 12345) >>> 0;
          const k = (s >>> 16) % colours;
          rgb.set([(k * 53) & 255, (k * 97) & 255, (k * 31) & 255], 3 * p);
        }
        const png = await sharp(rgb, { raw: { width: w, height: h, channels: 3 } }).png({ palette: true, colours: 16, dither: 0 }).toBuffer();
        const { layout, values } = decode(png);
        expect([layout.width, layout.height, layout.colourType]).toEqual([w, h, 3]);
        const table = plte(png);
        const expected = await sharp(png).removeAlpha().raw().toBuffer();
        for (let p = 0; p < w * h; p++) expect(table[values[p]]).toEqual([...expected.subarray(3 * p, 3 * p + 3)]);
      }),
      { numRuns: 25 },
    );
  });

  it('reads 8-bit grey PNGs as their values, and refuses truncated or multi-sample images', async () => {
    const grey = Buffer.from(Array.from({ length: 35 }, (_, i) => (i * 7) % 71));
    const png = await sharp(grey, { raw: { width: 7, height: 5, channels: 1 } }).toColourspace('b-w').png().toBuffer();
    expect(Buffer.from(decode(png).values).equals(grey)).toBe(true);
    expect(() => readPngLayout(png.subarray(0, png.length - 30))).toThrow(/truncated|no image data/);
    const rgb = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#123456' } }).png().toBuffer();
    expect(() => decode(rgb)).toThrow(/colour type 2/);
  });
});
