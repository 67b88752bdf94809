import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { avssPalette } from '../../core/metrics/avss-palette';
import { referenceBinaryBatch, referenceSemantic } from '../../core/metrics/reference-metrics';
import { allMigrations } from '../../app/migrations';
import { openDatabase, type Db } from '../../store/db';
import { AvssFolderAccess } from '../flow/avss-folder-access';
import { createFolderRun, evaluateFolder } from './evaluate-folder';
import { runDetail, runVideos, videoFrames } from './run-queries';
import { writeMetricsFixture, type MetricsFixture } from './test-fixture';
import type { EvaluateParams } from '../../api/contracts/metrics';

let dir: string;
let fx: MetricsFixture;
let db: Db;
let access: AvssFolderAccess;

const hooks = (signal = new AbortController().signal, log: string[] = []) => ({ signal, progress: () => {}, log: (t: string) => void log.push(t) });
const params = (predDir: string, mode: EvaluateParams['mode'] = 'auto'): EvaluateParams => ({ predDir, datasetId: 1, root: fx.root, split: 'test', mode, padTo: 0, gt: 'dataset' });

async function evaluate(p: EvaluateParams) {
  const runId = await createFolderRun(db, access, p);
  const result = await evaluateFolder(db, access, p, runId, hooks());
  return { runId, result, detail: runDetail(db, runId) };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-metrics-'));
  fx = await writeMetricsFixture(dir);
  db = openDatabase(':memory:', allMigrations);
  access = new AvssFolderAccess(fx.root, 1);
});

afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('evaluating a prediction folder', () => {
  it('semantic: dataset numbers, class rows and frame rows equal the per-class reference on the same pixels', async () => {
    const { result, detail } = await evaluate(params(fx.predA));
    expect(result).toMatchObject({ videos: fx.videos.length, skipped: 0 });
    expect(detail.run).toMatchObject({ kind: 'semantic', state: 'done', videos: 6, frames: 21, skipped: 0 });
    const frames = fx.videos.flatMap((v) => v.gt.map((gt, t) => ({ gt, pred: v.predA[t] })));
    const ref = referenceSemantic(frames, fx.classes.length);
    expect(detail.run.miou).toBeCloseTo(ref.miou, 9);
    expect(detail.run.fscore).toBeCloseTo(ref.fscore, 9);
    expect(detail.run.miouNoBg).toBeCloseTo(ref.miouNoBg, 9);
    expect(detail.classes.map((c) => [c.name, c.count])).toEqual(fx.classes.map((name, k) => [name, ref.count[k]]));
    const v0 = fx.videos[0];
    const rows = videoFrames(db, detail.run.id, v0.subset, v0.uid);
    const refFrames = referenceSemantic(v0.gt.map((gt, t) => ({ gt, pred: v0.predA[t] })), fx.classes.length).frameMiou;
    expect(rows.map((r) => r.t)).toEqual([0, 1, 2]);
    rows.forEach((r, t) => expect(r.iou).toBeCloseTo(refFrames[t]!, 9));
    expect(rows[0].gtPixels).toBe(0);
  });

  it('binary: probability PNGs give the mean over videos of the official per-video mIoU and F', async () => {
    const { detail, runId } = await evaluate(params(fx.probA, 'binary'));
    const perVideo = fx.videos.map((v) => referenceBinaryBatch(v.gt.map((gt, t) => ({ gt, prob: v.probA[t] }))));
    const mean = (k: 'miou' | 'fscore') => perVideo.reduce((s, r) => s + r[k], 0) / perVideo.length;
    expect(detail.run.kind).toBe('binary');
    expect(detail.run.miou).toBeCloseTo(mean('miou'), 9);
    expect(detail.run.fscore).toBeCloseTo(mean('fscore'), 9);
    const best = runVideos(db, { runId, sortBy: 'miou', order: 'desc', limit: 1, offset: 0 }).rows[0];
    expect(best.miou).toBeCloseTo(Math.max(...perVideo.map((r) => r.miou)), 9);
    expect(detail.miouHistogram.reduce((a, b) => a + b, 0)).toBe(6);
  });

  it('skips videos without predictions or with predictions of the wrong size, naming them', async () => {
    const bad = path.join(dir, 'predBad');
    fs.cpSync(fx.predB, bad, { recursive: true });
    const v = fx.videos[1];
    await sharp(new Uint8Array(9), { raw: { width: 3, height: 3, channels: 1 } }).png().toFile(path.join(bad, v.subset, v.uid, '0.png'));
    const runId = await createFolderRun(db, access, params(bad));
    const log: string[] = [];
    const r = await evaluateFolder(db, access, params(bad), runId, hooks(undefined, log));
    expect(r).toMatchObject({ videos: 4, skipped: 2 });
    expect(log.join('\n')).toMatch(/vid1: .*0\.png is 3x3 but its GT is 24x24/);
    expect(log.join('\n')).toMatch(/skipped v2\/vid5: no prediction folder/);
  });

  it('resumes a cancelled evaluation without duplicates and ends with the same numbers', async () => {
    const p = params(fx.predB);
    const full = await evaluate(p);
    const runId = await createFolderRun(db, access, p);
    const ctl = new AbortController();
    let seen = 0;
    const stopAfterTwo = { ...hooks(ctl.signal), progress: () => void (++seen === 2 && ctl.abort()) };
    await expect(evaluateFolder(db, access, p, runId, stopAfterTwo)).rejects.toThrow(/cancelled after 2 of 6/);
    expect(runDetail(db, runId).run).toMatchObject({ state: 'cancelled', videos: 2 });
    await evaluateFolder(db, access, p, runId, hooks());
    const resumed = runDetail(db, runId).run;
    expect(resumed).toMatchObject({ state: 'done', videos: 5, skipped: 1 });
    expect(resumed.miou).toBeCloseTo(full.detail.run.miou!, 12);
    expect(resumed.fscore).toBeCloseTo(full.detail.run.fscore!, 12);
  });

  it('reads colour-coded index PNGs through the AVSBench palette', async () => {
    const colour = path.join(dir, 'predColour');
    const palette = avssPalette(71);
    for (const v of fx.videos)
      for (const [t, pred] of v.predA.entries()) {
        const rgb = new Uint8Array(pred.length * 3);
        pred.forEach((k, i) => rgb.set(palette[k], 3 * i));
        fs.mkdirSync(path.join(colour, v.subset, v.uid), { recursive: true });
        await sharp(rgb, { raw: { width: fx.size, height: fx.size, channels: 3 } }).png().toFile(path.join(colour, v.subset, v.uid, `${t}.png`));
      }
    const grey = await evaluate(params(fx.predA));
    const rgb = await evaluate(params(colour));
    expect(rgb.detail.run.miou).toBe(grey.detail.run.miou);
    expect(rgb.detail.run.fscore).toBe(grey.detail.run.fscore);
  });

  it('reads class indices saved as RGB greys (R = G = B) as indices, not as palette colours', async () => {
    const greyRgb = path.join(dir, 'predGreyRgb');
    for (const v of fx.videos)
      for (const [t, pred] of v.predA.entries()) {
        fs.mkdirSync(path.join(greyRgb, v.subset, v.uid), { recursive: true });
        // sharp writes a 1-channel raw buffer without 'b-w' as an RGB PNG.
        await sharp(pred, { raw: { width: fx.size, height: fx.size, channels: 1 } }).png().toFile(path.join(greyRgb, v.subset, v.uid, `${t}.png`));
      }
    expect((await sharp(path.join(greyRgb, 'v1m', 'vid0', '0.png')).metadata()).channels).toBe(3);
    const grey = await evaluate(params(fx.predA));
    expect((await evaluate(params(greyRgb))).detail.run.miou).toBe(grey.detail.run.miou);
  });

  it('padTo scores the extra predicted frames of short videos against all-background GT (official AVSS padding)', async () => {
    const padded = path.join(dir, 'predPadded');
    fs.cpSync(fx.predA, padded, { recursive: true });
    // v1m videos have 3 frames; give each a prediction for frame 3, as the official script saves for padded frames.
    const extra = new Map<string, Uint8Array>();
    for (const v of fx.videos.filter((v) => v.subset === 'v1m')) {
      const pred = Uint8Array.from(v.predA[0], (k, i) => (i % 7 ? 0 : k));
      extra.set(v.uid, pred);
      await sharp(pred, { raw: { width: fx.size, height: fx.size, channels: 1 } }).toColourspace('b-w').png().toFile(path.join(padded, v.subset, v.uid, '3.png'));
    }
    const { detail } = await evaluate({ ...params(padded), padTo: 4 });
    expect(detail.run.frames).toBe(24);
    const frames = fx.videos.flatMap((v) => [
      ...v.gt.map((gt, t) => ({ gt, pred: v.predA[t] })),
      ...(extra.has(v.uid) ? [{ gt: new Uint8Array(fx.size * fx.size), pred: extra.get(v.uid)! }] : []),
    ]);
    const ref = referenceSemantic(frames, fx.classes.length);
    expect(detail.run.miou).toBeCloseTo(ref.miou, 9);
    expect(detail.run.fscore).toBeCloseTo(ref.fscore, 9);
    // Without padTo the extra files are ignored.
    expect((await evaluate(params(padded))).detail.run.frames).toBe(21);
  });

  it('refuses a prediction folder that does not exist', async () => {
    await expect(createFolderRun(db, access, params(path.join(dir, 'nope')))).rejects.toThrow(/Prediction folder .*nope does not exist/);
  });
});
