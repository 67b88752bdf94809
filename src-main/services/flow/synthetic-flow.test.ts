import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MaskSettings } from '../../api/contracts/flow';
import type { BinaryMask } from '../../core/masks/types';
import { openDatabase, type Db } from '../../store/db';
import { generateSyntheticDataset, type SyntheticTruth } from '../synthetic/generate-dataset';
import { allMigrations } from '../../app/migrations';
import { FlowCache } from './flow-cache';
import { indexForTest } from './test-catalog';
import { VideoFlow } from './video-flow';

// M_O on the synthetic dataset against the generator's own truth (synthetic.json: boxes per frame, motion flags).
const SIZE = 224;
let root: string;
let db: Db;
let flow: VideoFlow;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-flow-synth-'));
  await generateSyntheticDataset({ out: path.join(root, 'ds'), videos: 10, seed: 11, size: SIZE });
  db = openDatabase(':memory:', allMigrations);
  flow = new VideoFlow(new FlowCache(db, path.join(root, 'data')), path.join(root, 'models'));
}, 60_000);

afterAll(async () => {
  await flow.dispose();
  db.close();
  fs.rmSync(root, { recursive: true, force: true });
});

type Box = [number, number, number, number];
const near = ([x, y, w, h]: Box, px: number, py: number, pad: number) => px >= x - pad && px < x + w + pad && py >= y - pad && py < y + h + pad;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Share of the pixels where `where` holds that the mask marks (null when there are none). */
function coverage(m: BinaryMask, where: (i: number, x: number, y: number) => boolean): number | null {
  let on = 0;
  let all = 0;
  for (let y = 0, i = 0; y < m.height; y++) {
    for (let x = 0; x < m.width; x++, i++) {
      if (!where(i, x, y)) continue;
      on += m.data[i];
      all++;
    }
  }
  return all ? on / all : null;
}

describe('M_O on the synthetic dataset', () => {
  it('covers the moving objects and not the stationary ones', async () => {
    const { access, datasetId } = indexForTest(db, path.join(root, 'ds'));
    const settings = MaskSettings.parse({ workMaxSide: SIZE });
    const moving: number[] = [];
    const still: number[] = [];
    const perObject = new Map<string, number[]>();
    for (const ref of access.list(datasetId)) {
      const video = await access.files(datasetId, ref);
      const truth: SyntheticTruth = JSON.parse(fs.readFileSync(path.join(path.dirname(video.frames[0]), '..', 'synthetic.json'), 'utf8'));
      const { stack } = await flow.masks(datasetId, video, settings);
      const movers = truth.objects.filter((o) => o.moving);
      for (let t = 0; t < stack.masks.length; t++) {
        // The label holds each sounding object's visible pixels (occlusions removed): exact object shapes to score on.
        const label = (await sharp(video.labels[t]!).extractChannel(0).raw().toBuffer()) as Uint8Array;
        for (const o of truth.objects.filter((x) => x.sounding)) {
          const mine = (i: number) => label[i] === o.classIndex;
          // Motion right next to a mover (Eq. 1 blends in where it was one step earlier; flow smears edges) is not
          // a stationary object's fault: those pixels are left out of its score.
          const clear = (x: number, y: number) => !movers.some((mv) => [t - 1, t, t + 1].some((k) => mv.boxes[k] && near(mv.boxes[k], x, y, 16)));
          const c = o.moving ? coverage(stack.masks[t], mine) : coverage(stack.masks[t], (i, x, y) => mine(i) && clear(x, y));
          if (c !== null) (o.moving ? moving : still).push(c);
          if (c !== null && o.moving) perObject.set(`${ref.uid}/${o.className}`, [...(perObject.get(`${ref.uid}/${o.className}`) ?? []), c]);
        }
      }
    }
    const objectMeans = [...perObject.values()].map(mean).sort((a, b) => a - b);
    console.log(`synthetic M_O: visible pixels of moving sounding objects covered ${(100 * mean(moving)).toFixed(1)}% (n=${moving.length}), stationary sounding objects ${(100 * mean(still)).toFixed(1)}% (n=${still.length} object-frames, max ${(100 * Math.max(...still)).toFixed(1)}%)`);
    // Measured with seed 11: per moving object 1.00, 1.00, 1.00, 0.91, 0.86 and 0.24 — the last a sliver of a car
    // squeezed between a drum moving the other way and a stationary guitar drawn over it, where Farneback's 15 px
    // window blends the opposite motions. Stationary objects: 1.1% of their pixels, at most 19.5% in one frame.
    expect(mean(moving)).toBeGreaterThan(0.75);
    expect(objectMeans[Math.floor(objectMeans.length / 2)]).toBeGreaterThan(0.9);
    expect(mean(still)).toBeLessThan(0.03);
    expect(Math.max(...still)).toBeLessThan(0.25);
  }, 60_000);
});
