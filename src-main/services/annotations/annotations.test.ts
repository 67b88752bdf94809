import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createApp, type App } from '../../app/compose';
import { encodeRle } from '../../core/annotation/rle';
import { stroke } from '../../core/annotation/mask-ops';
import { generateSyntheticDataset } from '../synthetic/generate-dataset';
import { CatalogDatasetAccess } from '../datasets/catalog-access';

let base: string;
let root: string;
let app: App;
let datasetId: number;
let video: { subset: string; uid: string };

async function call<T>(method: string, input: unknown): Promise<T> {
  const r = await app.dispatch(method, input);
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
  return r.value as T;
}

beforeAll(async () => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-annot-'));
  root = (await generateSyntheticDataset({ out: path.join(base, 'ds'), videos: 3, seed: 8, size: 48 })).root;
  app = createApp({ dataDir: path.join(base, 'data'), host: 'web' });
  const open = await call<{ datasetId: number; job: { id: string } }>('datasets.open', { root });
  datasetId = open.datasetId;
  while ((await call<{ state: string }>('jobs.get', { id: open.job.id })).state !== 'done') await new Promise((r) => setTimeout(r, 30));
  video = new CatalogDatasetAccess(app.db).list(datasetId)[0];
});
afterAll(() => {
  app.dispose();
  fs.rmSync(base, { recursive: true, force: true });
});

describe('annotations', () => {
  it('saves versions of an edited frame without touching the dataset, and lists edited frames', async () => {
    const labelFile = path.join(root, video.subset, video.uid, 'labels_semantic', '1.png');
    const original = fs.readFileSync(labelFile);
    const mask = { width: 48, height: 48, data: new Uint8Array(48 * 48) };
    stroke(mask, [{ x: 5, y: 5 }, { x: 40, y: 30 }], 3, 4);
    const k = { datasetId, ...video, t: 1 };
    expect(await call('annotations.save', { ...k, width: 48, height: 48, rle: encodeRle(mask.data) })).toEqual({ version: 1 });
    stroke(mask, [{ x: 10, y: 40 }], 5, 2);
    expect(await call('annotations.save', { ...k, width: 48, height: 48, rle: encodeRle(mask.data) })).toEqual({ version: 2 });
    const got = await call<{ rle: string; version: number }>('annotations.get', k);
    expect(got.version).toBe(2);
    expect(got.rle).toBe(encodeRle(mask.data));
    expect(await call('annotations.get', { ...k, t: 0 })).toBeNull();
    expect(await call('annotations.edited', { datasetId })).toEqual([{ ...video, frames: [1] }]);
    expect(fs.readFileSync(labelFile).equals(original)).toBe(true);
  });

  it('rejects a mask whose runs do not fill the frame, naming the frame', async () => {
    await expect(call('annotations.save', { datasetId, ...video, t: 2, width: 48, height: 48, rle: '0:100' })).rejects.toMatchObject({ code: 'validation', message: expect.stringMatching(/frame 2.*48×48/) });
  });

  it('exports AVSBench-format PNGs (index + palette colour) outside the dataset, and refuses the dataset folder', async () => {
    const out = path.join(base, 'export');
    const r = await call<{ files: number; frames: number }>('annotations.export', { datasetId, out });
    expect(r).toMatchObject({ files: 2, frames: 1 });
    const { data, info } = await sharp(path.join(out, video.subset, video.uid, 'labels_semantic', '1.png')).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([48, 48]);
    const stored = await call<{ rle: string }>('annotations.get', { datasetId, ...video, t: 1 });
    expect(encodeRle(Uint8Array.from(data))).toBe(stored.rle);
    await expect(call('annotations.export', { datasetId, out: path.join(root, 'corrected') })).rejects.toMatchObject({ code: 'bad_input', message: expect.stringMatching(/inside the dataset/) });
  });
});
