import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app/compose';
import { encodeRle } from '../../core/annotation/rle';
import { stroke } from '../../core/annotation/mask-ops';
import { referenceSemantic } from '../../core/metrics/reference-metrics';
import { SYNTHETIC_CLASSES } from '../../core/synthetic/scene-plan';
import type { Comparison, RunSummary, VideoRow } from '../../api/contracts/metrics';
import { generateSyntheticDataset } from '../synthetic/generate-dataset';
import { CatalogDatasetAccess } from '../datasets/catalog-access';

// A synthetic AVSS dataset, a prediction folder made from its labels with noise, and one corrected frame saved
// through the annotations API: scoring with gt 'corrected' must change that frame (and its video) only.

const SIZE = 32;
const CLASSES = SYNTHETIC_CLASSES.length;
let base: string;
let app: App;
let datasetId: number;
let predDir: string;
/** Dataset labels and predictions per video, read back from the PNGs the generator and this test wrote. */
const videos: { subset: string; uid: string; gt: Uint8Array[]; pred: Uint8Array[] }[] = [];
let corrected: Uint8Array;

async function call<T>(method: string, input: unknown): Promise<T> {
  const r = await app.dispatch(method, input);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

const readIndex = async (file: string) => Uint8Array.from(await sharp(file).extractChannel(0).raw().toBuffer());

async function evaluate(gt?: 'dataset' | 'corrected'): Promise<{ run: RunSummary; rows: VideoRow[] }> {
  const { runId } = await call<{ runId: number }>('metrics.importPredictions', { predDir, datasetId, ...(gt ? { gt } : {}) });
  await app.jobs.idle();
  const { run } = await call<{ run: RunSummary }>('metrics.run', { runId });
  const { rows } = await call<{ rows: VideoRow[] }>('metrics.videos', { runId, sortBy: 'uid', order: 'asc' });
  return { run, rows };
}

/** The reference per-video numbers: per-class means over the classes occurring in the video. */
function referenceVideo(frames: { gt: Uint8Array; pred: Uint8Array }[]) {
  const r = referenceSemantic(frames, CLASSES);
  const present = r.count.flatMap((n, k) => (n ? [k] : []));
  const mean = (sum: number[]) => present.reduce((s, k) => s + sum[k] / r.count[k], 0) / present.length;
  return { miou: mean(r.iouSum), fscore: mean(r.fSum), frameMiou: r.frameMiou };
}

beforeAll(async () => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-corrected-gt-'));
  const { root } = await generateSyntheticDataset({ out: path.join(base, 'ds'), videos: 3, seed: 11, size: SIZE });
  app = createApp({ dataDir: path.join(base, 'data'), host: 'web' });
  const open = await call<{ datasetId: number }>('datasets.open', { root });
  datasetId = open.datasetId;
  await app.jobs.idle();
  predDir = path.join(base, 'pred');
  let s = 5;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const access = new CatalogDatasetAccess(app.db);
  for (const ref of access.list(datasetId)) {
    const files = await access.files(datasetId, ref);
    const video = { subset: ref.subset, uid: ref.uid, gt: [] as Uint8Array[], pred: [] as Uint8Array[] };
    for (const [t, label] of files.labels.entries()) {
      const gt = await readIndex(label!);
      const pred = Uint8Array.from(gt, (v) => (rand() < 0.15 ? 0 : v));
      fs.mkdirSync(path.join(predDir, ref.subset, ref.uid), { recursive: true });
      await sharp(pred, { raw: { width: SIZE, height: SIZE, channels: 1 } }).toColourspace('b-w').png().toFile(path.join(predDir, ref.subset, ref.uid, `${t}.png`));
      video.gt.push(gt);
      video.pred.push(pred);
    }
    videos.push(video);
  }
  // The correction of frame 2 of the first video: a class-1 stroke, then a class-3 one saved as version 2 (the latest counts).
  const v = videos[0];
  const mask = { width: SIZE, height: SIZE, data: v.gt[2].slice() };
  const key = { datasetId, subset: v.subset, uid: v.uid, t: 2 };
  stroke(mask, [{ x: 2, y: 2 }, { x: 28, y: 20 }], 2, 1);
  await call('annotations.save', { ...key, width: SIZE, height: SIZE, rle: encodeRle(mask.data) });
  stroke(mask, [{ x: 4, y: 28 }, { x: 28, y: 6 }], 3, 3);
  expect(await call('annotations.save', { ...key, width: SIZE, height: SIZE, rle: encodeRle(mask.data) })).toEqual({ version: 2 });
  corrected = mask.data;
}, 60_000);

afterAll(() => {
  app.dispose();
  fs.rmSync(base, { recursive: true, force: true });
});

describe("evaluating against the viewer's corrected GT", () => {
  it("gt 'corrected' scores the edited frame against its latest correction; every other frame and video keeps its dataset score", async () => {
    const plain = await evaluate();
    const fixed = await evaluate('corrected');
    expect(plain.run.settings).toMatchObject({ gt: 'dataset' });
    expect(fixed.run.settings).toMatchObject({ gt: 'corrected' });
    expect([plain.run.name, fixed.run.name]).toEqual(['pred', 'pred (corrected GT)']);
    expect([plain.run.videos, fixed.run.videos, fixed.run.frames]).toEqual([3, 3, 20]);

    const edited = videos[0];
    expect(corrected.some((k, i) => k !== edited.gt[2][i])).toBe(true);
    for (const [run, gtOf] of [
      [plain, (v: (typeof videos)[0], t: number) => v.gt[t]],
      [fixed, (v: (typeof videos)[0], t: number) => (v === edited && t === 2 ? corrected : v.gt[t])],
    ] as const) {
      for (const v of videos) {
        const ref = referenceVideo(v.pred.map((pred, t) => ({ pred, gt: gtOf(v, t) })));
        const row = run.rows.find((r) => r.uid === v.uid)!;
        expect(row.miou).toBeCloseTo(ref.miou, 9);
        expect(row.fscore).toBeCloseTo(ref.fscore, 9);
        const frames = await call<{ t: number; iou: number | null }[]>('metrics.frames', { runId: run.run.id, subset: v.subset, uid: v.uid });
        frames.forEach((f) => expect(f.iou).toBeCloseTo(ref.frameMiou[f.t]!, 9));
      }
      const all = referenceSemantic(videos.flatMap((v) => v.pred.map((pred, t) => ({ pred, gt: gtOf(v, t) }))), CLASSES);
      expect(run.run.miou).toBeCloseTo(all.miou, 9);
      expect(run.run.fscore).toBeCloseTo(all.fscore, 9);
    }

    // Only the corrected frame's score moved: the comparison has one video with a delta, its frame 2 alone differs.
    const cmp = await call<Comparison>('metrics.compare', { a: plain.run.id, b: fixed.run.id });
    expect(cmp.b.settings.gt).toBe('corrected');
    expect(cmp.rows.filter((r) => r.dMiou !== 0 || r.dFscore !== 0).map((r) => r.uid)).toEqual([edited.uid]);
    const framesOf = (runId: number) => call<{ t: number; iou: number }[]>('metrics.frames', { runId, subset: edited.subset, uid: edited.uid });
    const [before, after] = [await framesOf(plain.run.id), await framesOf(fixed.run.id)];
    expect(before.flatMap((f, i) => (f.iou === after[i].iou ? [] : [f.t]))).toEqual([2]);
  }, 60_000);
});
