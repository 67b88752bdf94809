import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../app/compose';
import { generateSyntheticDataset } from '../synthetic/generate-dataset';
import sharp from 'sharp';
import { avssPalette } from '../../core/metrics/avss-palette';
import { exportObjectLayout } from '../synthetic/object-layout-export';
import { CatalogDatasetAccess } from './catalog-access';
import { palettePng } from './test-palette-png';

let base: string;
let root: string;
let app: App;

async function call<T>(method: string, input: unknown): Promise<T> {
  const r = await app.dispatch(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`);
  return r.value as T;
}
async function openAndWait(dir: string): Promise<{ datasetId: number; result: { videos: number; reused: number; broken: number } }> {
  const { datasetId, job } = await call<{ datasetId: number; job: { id: string } }>('datasets.open', { root: dir });
  for (;;) {
    const j = await call<{ state: string; result: unknown; error: string | null }>('jobs.get', { id: job.id });
    if (j.state === 'done') return { datasetId, result: j.result as never };
    if (j.state === 'failed') throw new Error(j.error ?? 'failed');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const channel0 = (png: string) => sharp(png).extractChannel(0).raw().toBuffer();

/** The first annotated frame of a split's first video as DatasetAccess hands it out (a converted copy in the cache). */
async function firstLabel(datasetId: number, split: 'val' | 'test') {
  const access = new CatalogDatasetAccess(app.db);
  const [ref] = access.list(datasetId, split);
  const files = await access.files(datasetId, ref);
  const t = files.labels.findIndex(Boolean);
  expect(files.labels[t]).toContain(path.join('cache', 'datasets'));
  return { ref, t, labelKind: files.labelKind, pixels: await channel0(files.labels[t]!) };
}

beforeAll(async () => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-datasets-'));
  root = (await generateSyntheticDataset({ out: path.join(base, 'ds'), videos: 9, seed: 4, size: 64 })).root;
  app = createApp({ dataDir: path.join(base, 'data'), host: 'web' });
});
afterAll(() => {
  app.dispose();
  fs.rmSync(base, { recursive: true, force: true });
});

describe('datasets service', () => {
  it('opens a folder, indexes it in a job, and lists videos with counts and filters', async () => {
    const { datasetId, result } = await openAndWait(root);
    expect(result).toMatchObject({ videos: 9, reused: 0, broken: 0 });
    const info = await call<{ format: string; classes: string[]; counts: { total: number; splits: Record<string, number>; annotated: number } }>('datasets.info', { datasetId });
    expect(info.format).toBe('avss');
    expect(info.classes[0]).toBe('background');
    expect(info.counts.total).toBe(9);
    expect(Object.values(info.counts.splits).reduce((a, b) => a + b, 0)).toBe(9);
    expect(info.counts.annotated).toBe(9);
    const test = await call<{ rows: { split: string; frames: number; subset: string }[]; total: number }>('datasets.videos', { datasetId, split: 'test' });
    expect(test.total).toBe(info.counts.splits.test);
    expect(test.rows.every((r) => r.split === 'test')).toBe(true);
    for (const r of test.rows) expect(r.frames).toBe(r.subset === 'v2' ? 10 : 5);
    const page = await call<{ rows: unknown[]; total: number }>('datasets.videos', { datasetId, offset: 7, limit: 5 });
    expect([page.rows.length, page.total]).toEqual([2, 9]);
    const cls = Object.keys((info.counts as unknown as { classes: Record<string, number> }).classes)[0];
    const byClass = await call<{ rows: { classes: string[] }[] }>('datasets.videos', { datasetId, cls });
    expect(byClass.rows.length).toBeGreaterThan(0);
    expect(byClass.rows.every((r) => r.classes.includes(cls))).toBe(true);
  });

  it('re-opening reads only changed video folders', async () => {
    const again = await openAndWait(root);
    expect(again.result).toMatchObject({ videos: 9, reused: 9 });
    const [, row] = fs.readFileSync(path.join(root, 'metadata.csv'), 'utf8').split('\n');
    const [, uid, , , , , subset] = row.match(/("[^"]*"|[^,]+)/g)!;
    fs.rmSync(path.join(root, subset, uid, 'frames', '4.jpg'));
    const third = await openAndWait(root);
    expect(third.result).toMatchObject({ videos: 9, reused: 8, broken: 0 });
    const v = await call<{ frames: number }>('datasets.video', { datasetId: third.datasetId, subset, uid });
    expect(v.frames).toBe(4);
  });

  it('gives other domains absolute file paths, and serves frames/labels/audio confined to the root', async () => {
    const [ds] = await call<{ id: number }[]>('datasets.list', {});
    const access = new CatalogDatasetAccess(app.db);
    const [ref] = access.list(ds.id, 'train');
    const files = await access.files(ds.id, ref);
    expect(files.frames.every((f) => fs.existsSync(f) && f.startsWith(root))).toBe(true);
    expect(files.labels.filter(Boolean)).toHaveLength(files.frames.length);
    expect(files.labelKind).toBe('semantic');
    expect(await call('datasets.video', { datasetId: ds.id, ...ref })).toMatchObject({ labelKind: 'semantic' });
    const frame = await app.media.handle('datasets/frame', new URLSearchParams({ datasetId: String(ds.id), ...ref, t: '0' }));
    expect(frame.contentType).toBe('image/jpeg');
    expect(Buffer.from(frame.body).equals(fs.readFileSync(files.frames[0]))).toBe(true);
    const wave = JSON.parse(Buffer.from((await app.media.handle('datasets/waveform', new URLSearchParams({ datasetId: String(ds.id), ...ref, bins: '100' }))).body).toString());
    expect(wave.max).toHaveLength(100);
    expect(Math.max(...wave.max)).toBeGreaterThan(0.1);
    await expect(app.media.handle('datasets/frame', new URLSearchParams({ datasetId: String(ds.id), subset: '..', uid: '..', t: '0' }))).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('waveform peaks and log-mel spectrograms are cached on disk under the data folder', async () => {
    const [ds] = await call<{ id: number }[]>('datasets.list', {});
    const [ref] = new CatalogDatasetAccess(app.db).list(ds.id, 'val');
    const q = (extra: Record<string, string>) => new URLSearchParams({ datasetId: String(ds.id), ...ref, ...extra });
    const spec = await app.media.handle('datasets/spectrogram', q({ width: '120' }));
    expect(spec.contentType).toBe('image/png');
    expect(await sharp(Buffer.from(spec.body)).metadata()).toMatchObject({ width: 120, height: 64 });
    await app.media.handle('datasets/waveform', q({ bins: '50' }));
    const cached = (name: string) => fs.readdirSync(path.join(base, 'data', 'cache', 'datasets'), { recursive: true }).map(String).filter((f) => f.endsWith(name));
    expect(cached('spectrogram-120.png')).toHaveLength(1);
    expect(cached('waveform-50.json')).toHaveLength(1);
    const again = await app.media.handle('datasets/spectrogram', q({ width: '120' }));
    expect(Buffer.from(again.body).equals(Buffer.from(spec.body))).toBe(true);
    await expect(app.media.handle('datasets/spectrogram', q({ width: '5' }))).rejects.toMatchObject({ code: 'validation' });
  });

  it('an AVSS folder with only labels_rgb (what the official loaders read) still gives class-index labels', async () => {
    const rgbOnly = path.join(base, 'rgb-only');
    fs.cpSync(root, rgbOnly, { recursive: true });
    const dirs = ['v1s', 'v1m', 'v2'].flatMap((s) => fs.readdirSync(path.join(rgbOnly, s)).map((u) => path.join(rgbOnly, s, u)));
    for (const d of dirs) fs.renameSync(path.join(d, 'labels_semantic'), path.join(d, 'original_semantic'));
    const { datasetId, result } = await openAndWait(rgbOnly);
    expect(result).toMatchObject({ videos: 9, broken: 0 });
    expect((await call<{ counts: { annotated: number } }>('datasets.info', { datasetId })).counts.annotated).toBe(9);
    const label = await firstLabel(datasetId, 'test');
    expect(label.labelKind).toBe('semantic');
    const original = await channel0(path.join(rgbOnly, label.ref.subset, label.ref.uid, 'original_semantic', `${label.t}.png`));
    expect(label.pixels.equals(original)).toBe(true);
    expect(original.some((v) => v > 0)).toBe(true);
  });

  it('palette-mode labels_semantic are index labels: accepted, and handed out as grey PNGs of their indices', async () => {
    const pal = path.join(base, 'palette-mode');
    fs.cpSync(root, pal, { recursive: true });
    const dirs = ['v1s', 'v1m', 'v2'].flatMap((s) => fs.readdirSync(path.join(pal, s)).map((u) => path.join(pal, s, u)));
    for (const d of dirs) {
      for (const f of fs.readdirSync(path.join(d, 'labels_semantic'))) {
        const { data, info } = await sharp(path.join(d, 'labels_semantic', f)).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
        fs.writeFileSync(path.join(d, 'labels_semantic', f), palettePng(data, info.width, info.height));
      }
    }
    const { datasetId, result } = await openAndWait(pal);
    expect(result).toMatchObject({ videos: 9, broken: 0 });
    const label = await firstLabel(datasetId, 'val');
    const original = await channel0(path.join(root, label.ref.subset, label.ref.uid, 'labels_semantic', `${label.t}.png`));
    expect(label.pixels.equals(original)).toBe(true);
    expect(original.some((v) => v > 0)).toBe(true);
  });

  it("uses the dataset's own palette.json when it covers every class, else the AVSBench palette", async () => {
    const own = (await generateSyntheticDataset({ out: path.join(base, 'own-palette'), videos: 2, seed: 6, metadataOnly: true })).root;
    const classes = Object.keys(JSON.parse(fs.readFileSync(path.join(own, 'label2idx.json'), 'utf8'))).length;
    const custom = Array.from({ length: classes }, (_, k) => [k, 255 - k, 7]);
    fs.writeFileSync(path.join(own, 'palette.json'), JSON.stringify(custom));
    const { datasetId } = await openAndWait(own);
    expect((await call<{ palette: number[][] }>('datasets.info', { datasetId })).palette).toEqual(custom);
    fs.writeFileSync(path.join(own, 'palette.json'), JSON.stringify(custom.slice(0, 2)));
    await openAndWait(own);
    expect((await call<{ palette: number[][] }>('datasets.info', { datasetId })).palette).toEqual(avssPalette(classes));
  });

  it('counts every problem and pages the list of them', async () => {
    const bare = (await generateSyntheticDataset({ out: path.join(base, 'bare'), videos: 7, seed: 6, metadataOnly: true })).root;
    fs.appendFileSync(path.join(bare, 'metadata.csv'), 'x,y,0,0,dog,someday,v1s\n');
    const { datasetId } = await openAndWait(bare);
    const info = await call<{ counts: { errors: number; problems: number } }>('datasets.info', { datasetId });
    expect(info.counts).toMatchObject({ errors: 7, problems: 8 });
    const all = await call<{ file: string }[]>('datasets.errors', { datasetId });
    expect(all).toHaveLength(8);
    expect(all[0].file).toBe('metadata.csv:9');
    expect(await call('datasets.errors', { datasetId, limit: 3 })).toEqual(all.slice(0, 3));
  });

  it('opens an S4 folder and serves its PNG frames and binary masks', async () => {
    const s4 = (await exportObjectLayout(root, path.join(base, 's4'), 's4')).root;
    const { datasetId, result } = await openAndWait(s4);
    expect(result).toMatchObject({ videos: 9, broken: 0 });
    const info = await call<{ format: string; classes: string[]; counts: { annotated: number; classes: Record<string, number> } }>('datasets.info', { datasetId });
    expect([info.format, info.classes, info.counts.annotated]).toEqual(['s4', [], 9]);
    const [ref] = new CatalogDatasetAccess(app.db).list(datasetId, 'test');
    const files = await new CatalogDatasetAccess(app.db).files(datasetId, ref);
    expect(files.labelKind).toBe('binary');
    expect(await call('datasets.video', { datasetId, ...ref })).toMatchObject({ labelKind: 'binary', frames: files.frames.length });
    const label = await app.media.handle('datasets/label', new URLSearchParams({ datasetId: String(datasetId), ...ref, t: '4' }));
    expect(label.contentType).toBe('image/png');
    expect(Buffer.from(label.body).equals(fs.readFileSync(files.labels[4]!))).toBe(true);
  });

  it('refuses relative paths and folders that are not datasets, with the fix', async () => {
    const rel = await app.dispatch('datasets.open', { root: 'data/avss' });
    expect(rel.ok || rel.error).toMatchObject({ code: 'bad_input', message: expect.stringMatching(/absolute/) });
    const notDs = await app.dispatch('datasets.open', { root: base });
    expect(notDs.ok || notDs.error).toMatchObject({ code: 'bad_input', details: { fix: expect.stringMatching(/metadata\.csv/) } });
  });
});
