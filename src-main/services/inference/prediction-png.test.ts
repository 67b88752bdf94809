import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readGrayPng } from '../metrics/png-io';
import { predictionPlanes, writePlanePng } from './prediction-png';

let dir: string;
afterEach(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

describe('prediction planes', () => {
  const t = 2, k = 3, h = 2, w = 3;
  const plane = h * w;
  // mask_scores[f][c][i]: class (f + i) % k scores highest at pixel i of frame f.
  const maskScores = Float32Array.from({ length: t * k * plane }, (_, j) => {
    const f = Math.floor(j / (k * plane));
    const c = Math.floor(j / plane) % k;
    const i = j % plane;
    return c === (f + i) % k ? 0.9 : 0.1 * c;
  });
  const foreground = Float32Array.from({ length: t * plane }, (_, j) => [0, 0.5, 1, 1.2, -0.1, 0.25][j % plane]);

  it('binary: probability × 255, clamped to 0..1 and rounded', () => {
    const planes = predictionPlanes({ foreground, maskScores }, t, 1, h, w, 'avs-binary');
    expect(planes.map((p) => Array.from(p))).toEqual([[0, 128, 255, 255, 0, 64], [0, 128, 255, 255, 0, 64]]);
  });

  it('semantic: the argmax class per pixel', () => {
    const planes = predictionPlanes({ foreground, maskScores }, t, k, h, w, 'avss-semantic');
    for (let f = 0; f < t; f++) expect(Array.from(planes[f])).toEqual(Array.from({ length: plane }, (_, i) => (f + i) % k));
  });

  it('PNGs are written at the frame size: indices by nearest neighbour, values kept', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-pred-'));
    const file = path.join(dir, 'v1s', 'u', '0.png');
    await writePlanePng(file, Uint8Array.from([0, 1, 2, 3, 4, 5]), 3, 2, { width: 6, height: 4 }, true);
    const png = await readGrayPng(file);
    expect([png.width, png.height]).toEqual([6, 4]);
    // Nearest upscaling by 2: pixel (x, y) comes from (x >> 1, y >> 1).
    expect(Array.from(png.data)).toEqual(Array.from({ length: 24 }, (_, j) => (j % 6 >> 1) + 3 * ((j / 6) >> 1)));
    expect(fs.readdirSync(path.dirname(file))).toEqual(['0.png']); // no temp file left behind
  });
});
