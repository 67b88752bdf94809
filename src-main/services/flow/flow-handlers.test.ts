import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app/compose';
import { generateSyntheticDataset } from '../synthetic/generate-dataset';
import { FIXTURE, OBJECTS, writeFlowFixture } from './test-avss-fixture';
import { indexForTest } from './test-catalog';

let root: string;
let id: number;
let synthRoot: string;
let dataDir: string;
let app: App;

async function call<T = unknown>(method: string, input: unknown): Promise<T> {
  const res = await app.dispatch(method, input);
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`);
  return res.value as T;
}

async function media(route: string, params: Record<string, string | number>) {
  const res = await app.media.handle(route, new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])));
  expect(res.contentType).toBe('image/png');
  return sharp(res.body).raw().toBuffer({ resolveWithObject: true });
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-flowapi-ds-'));
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-flowapi-data-'));
  await writeFlowFixture(root);
  synthRoot = path.join(dataDir, 'synthetic');
  await generateSyntheticDataset({ out: synthRoot, videos: 6, seed: 3, size: 96 });
  app = createApp({ dataDir, host: 'web' });
  ({ datasetId: id } = indexForTest(app.db, root));
});

afterAll(() => {
  app.dispose();
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('flow API', () => {
  it('saves settings; a threshold change keeps the flow key and changes the mask key', async () => {
    const defaults = await call<{ threshold: unknown; workMaxSide: number }>('flow.settings', {});
    expect(defaults.threshold).toEqual({ kind: 'fixed', level: 32 });
    const saved = await call<object>('flow.updateSettings', { ...defaults, workMaxSide: FIXTURE.width });
    expect(await call('flow.settings', {})).toEqual(saved);
    const a = await call<{ flowKey: string; maskKey: string }>('flow.keys', { settings: saved });
    const b = await call<{ flowKey: string; maskKey: string }>('flow.keys', { settings: { ...saved, threshold: { kind: 'otsu' } } });
    expect(b.flowKey).toBe(a.flowKey);
    expect(b.maskKey).not.toBe(a.maskKey);
  });

  it('runs on a split, then lists statistics sortable by coverage', async () => {
    const job = await call<{ id: string }>('flow.run', { datasetId: id, split: 'train' });
    await app.jobs.idle();
    expect(app.jobs.get(job.id).state).toBe('done');
    await call('flow.run', { datasetId: id, videos: [{ subset: 'v2', uid: 'moving' }] });
    await app.jobs.idle();
    const desc = await call<{ uid: string; gtCoverage: number }[]>('flow.stats', { datasetId: id, sortBy: 'gtCoverage', order: 'desc' });
    expect(desc.map((r) => r.uid)).toEqual(['moving', 'still']);
    const asc = await call<{ uid: string }[]>('flow.stats', { datasetId: id, sortBy: 'gtCoverage', order: 'asc' });
    expect(asc.map((r) => r.uid)).toEqual(['still', 'moving']);
    // Other settings have no rows yet.
    expect(await call('flow.stats', { datasetId: id, settings: { workMaxSide: 64 } })).toEqual([]);
  }, 30_000);

  it('previews a candidate threshold without storing it', async () => {
    const strict = await call<{ levels: number[]; motionShare: number; gtCoverage: number }>('flow.preview', {
      datasetId: id, subset: 'v2', uid: 'moving', threshold: { kind: 'fixed', level: 254 },
    });
    const loose = await call<{ levels: number[]; motionShare: number; gtCoverage: number }>('flow.preview', {
      datasetId: id, subset: 'v2', uid: 'moving', threshold: { kind: 'percentile', p: 90 },
    });
    expect(strict.levels).toEqual(Array(FIXTURE.frames).fill(254));
    expect(loose.levels).toHaveLength(FIXTURE.frames);
    expect(loose.motionShare).toBeCloseTo(0.1, 1); // 90th percentile marks at most 10%
    expect(strict.motionShare).toBeLessThan(loose.motionShare);
    expect((await call<{ uid: string }[]>('flow.stats', { datasetId: id })).length).toBe(2);
  });

  it('serves M_O, M_Pre, M_Post, the Eq. 1 image and the flow colours of a frame as PNGs at the frame size', async () => {
    const at = { datasetId: id, subset: 'v2', uid: 'moving', t: 2 };
    const o = await media('flow/mask_o', at);
    expect(o.info).toMatchObject({ width: FIXTURE.width, height: FIXTURE.height });
    const px = (buf: Buffer, ch: number, x: number, y: number) => buf[(y * FIXTURE.width + x) * ch];
    const moving = OBJECTS[0].at(2);
    const still = OBJECTS[1].at(2);
    const mid = (p: { x: number; y: number }) => [p.x + FIXTURE.box / 2, p.y + FIXTURE.box / 2] as const;
    expect(px(o.data, o.info.channels, ...mid(moving))).toBe(255);
    expect(px(o.data, o.info.channels, ...mid(still))).toBe(0);
    const pre = await media('flow/mask_pre', at);
    expect(px(pre.data, pre.info.channels, ...mid(moving))).toBe(255); // motion and GT
    expect(px(pre.data, pre.info.channels, ...mid(still))).toBe(128); // GT only: the gray region
    expect(px(pre.data, pre.info.channels, 2, 2)).toBe(0);
    const post = await media('flow/mask_post', at);
    expect(px(post.data, post.info.channels, ...mid(still))).toBe(0);
    const none = await media('flow/mask_o', { ...at, threshold: JSON.stringify({ kind: 'fixed', level: 255 }) });
    expect(none.data.every((v) => v === 0)).toBe(true);
    const field = await media('flow/field', at);
    expect(field.info).toMatchObject({ width: FIXTURE.width, height: FIXTURE.height, channels: 3 });
    expect([...field.data.subarray(0, 3)]).toEqual([255, 255, 255]); // no motion is white
    const gray = await media('flow/gray', at);
    expect(px(gray.data, gray.info.channels, ...mid(moving))).toBeGreaterThan(100); // 5 px of 8 -> ~159
    await expect(app.media.handle('flow/mask_o', new URLSearchParams({ ...at, t: '9', datasetId: String(id) }))).rejects.toThrow(/has 5 frames; there is no frame 9/);
  });

  it('reads a dataset opened in the catalog: run, statistics and media without a folder path', async () => {
    const { datasetId } = await call<{ datasetId: number }>('datasets.open', { root: synthRoot });
    await app.jobs.idle();
    const job = await call<{ id: string }>('flow.run', { datasetId, split: 'train' });
    await app.jobs.idle();
    const trainVideos = await call<{ total: number }>('datasets.videos', { datasetId, split: 'train', limit: 1 });
    expect(app.jobs.get(job.id)).toMatchObject({ state: 'done', result: { videos: trainVideos.total, failed: 0 } });
    const rows = await call<{ subset: string; uid: string }[]>('flow.stats', { datasetId });
    expect(rows).toHaveLength(trainVideos.total);
    const mask = await media('flow/mask_o', { datasetId, subset: rows[0].subset, uid: rows[0].uid, t: 1 });
    expect(mask.info).toMatchObject({ width: 96, height: 96 });
  }, 60_000);

  it('lists Farneback and each ONNX manifest, with the reason one cannot load', async () => {
    const models = await call<{ name: string; error: string | null }[]>('flow.models', {});
    expect(models[0]).toEqual({ name: 'farneback', kind: 'farneback', error: null });
  });
});
