import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { decodePngSamples } from './png-samples';

const noise = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 73 + 11) % 251));

describe('decodePngSamples', () => {
  it('refuses a valid Adam7-interlaced or RGB label PNG as not supported (not as a too-large deflate stream)', async () => {
    const adam7 = await sharp(noise(32 * 32), { raw: { width: 32, height: 32, channels: 1 } }).toColourspace('b-w').png({ progressive: true }).toBuffer();
    expect(adam7[28]).toBe(1); // IHDR interlace method: Adam7
    const rgb = await sharp(noise(32 * 32 * 3), { raw: { width: 32, height: 32, channels: 3 } }).png().toBuffer();
    expect(() => decodePngSamples(adam7, '/ds/labels/0.png')).toThrow(expect.objectContaining({ code: 'bad_input', message: '0.png is not a readable label PNG: interlaced (Adam7) PNGs are not supported.' }));
    expect(() => decodePngSamples(rgb, '/ds/labels/1.png')).toThrow(expect.objectContaining({ code: 'bad_input', message: expect.stringMatching(/^1\.png is not a readable label PNG: colour type 2 \/ bit depth 8 is not supported/) }));
  });
});
