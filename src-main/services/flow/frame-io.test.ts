import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { readGtMask, workSize } from './frame-io';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-frame-io-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('frame I/O', () => {
  it('scales the longer side to the work size', () => {
    expect(workSize({ width: 1280, height: 720 }, 320)).toEqual({ width: 320, height: 180 });
    expect(workSize({ width: 100, height: 200 }, 320)).toEqual({ width: 160, height: 320 });
  });

  it('reads GT from index, RGB-palette and binary labels alike, and refuses a label of another size', async () => {
    const index = path.join(dir, 'index.png');
    await sharp(Uint8Array.from([0, 3, 70, 0]), { raw: { width: 2, height: 2, channels: 1 } }).toColourspace('b-w').png().toFile(index);
    // A colour label whose class colour has no red: channel 0 alone would miss it.
    const rgb = path.join(dir, 'rgb.png');
    await sharp(Uint8Array.from([0, 0, 0, 0, 128, 0, 0, 0, 0, 128, 0, 128]), { raw: { width: 2, height: 2, channels: 3 } }).png().toFile(rgb);
    expect(Array.from((await readGtMask(index, { width: 2, height: 2 })).data)).toEqual([0, 1, 1, 0]);
    expect(Array.from((await readGtMask(rgb, { width: 2, height: 2 })).data)).toEqual([0, 1, 0, 1]);
    await expect(readGtMask(index, { width: 4, height: 2 })).rejects.toThrow(/index.png is 2x2, its frames are 4x2/);
  });
});
