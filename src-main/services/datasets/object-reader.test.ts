import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { parseAvssMetadata } from '../../core/dataset/avss-metadata';
import { parseObjectMetadata } from '../../core/dataset/object-metadata';
import { generateSyntheticDataset } from '../synthetic/generate-dataset';
import { exportObjectLayout } from '../synthetic/object-layout-export';
import { detectLayout } from './detect-layout';
import { indexDataset } from './index-dataset';
import { objectVideoPaths } from './object-layout';
import { CatalogDatasetAccess } from './catalog-access';
import { palettePng } from './test-palette-png';
import { openDatabase } from '../../store/db';
import { allMigrations } from '../../app/migrations';

let base: string;
let avss: string;
const noFfmpeg = () => {
  throw new Error('not needed');
};

beforeAll(async () => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-object-'));
  avss = (await generateSyntheticDataset({ out: path.join(base, 'avss'), videos: 6, seed: 11, size: 48 })).root;
});
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

describe('AVSBench-object metadata', () => {
  it('reads name/category/split by header, else by the official positions', () => {
    const byName = parseObjectMetadata('split,category,x,name\ntest,dog,1,a\n', 's4_meta_data.csv', true);
    expect(byName.rows).toEqual([{ name: 'a', category: 'dog', split: 'test' }]);
    const byPos = parseObjectMetadata('vid_name,start,cat,split\nb,0,cat_meowing,train\n', 's4_meta_data.csv', true);
    expect(byPos.rows).toEqual([{ name: 'b', category: 'cat_meowing', split: 'train' }]);
  });

  it('reports bad rows with their line and a missing split column as fatal', () => {
    const r = parseObjectMetadata('name,split\na,train\nb,dev\n../x,test\na,train\n', 'ms3_meta_data.csv', false);
    expect(r.rows.map((x) => x.name)).toEqual(['a']);
    expect(r.errors.map((e) => e.file)).toEqual(['ms3_meta_data.csv:3', 'ms3_meta_data.csv:4', 'ms3_meta_data.csv:5']);
    expect(r.errors[2].message).toMatch(/already appears on line 2/);
    expect(parseObjectMetadata('name,category\na,b\n', 's4_meta_data.csv', true).fatal?.message).toMatch(/no split column/);
  });
});

describe.each(['s4', 'ms3'] as const)('%s layout', (format) => {
  let root: string;
  beforeAll(async () => {
    root = (await exportObjectLayout(avss, path.join(base, format), format)).root;
  });

  it('is detected and indexed with frames, binary masks and audio', async () => {
    expect(detectLayout(root)).toBe(format);
    const r = await indexDataset(root, format, { previous: new Map(), ffmpeg: noFfmpeg });
    expect(r.fatal).toBeUndefined();
    expect(r.errors).toEqual([]);
    const meta = parseAvssMetadata(fs.readFileSync(path.join(avss, 'metadata.csv'), 'utf8')).rows;
    expect(r.videos.map((v) => v.uid).sort()).toEqual(meta.map((m) => m.uid).sort());
    for (const v of r.videos) {
      const src = meta.find((m) => m.uid === v.uid)!;
      expect(v.error).toBeNull();
      expect(v.frames).toBe(src.subset === 'v2' ? 10 : 5);
      expect([v.width, v.height]).toEqual([48, 48]);
      expect(v.hasAudio).toBe(true);
      // S4 train keeps only the first mask, as in AVSBench.
      expect(v.labelFrames).toEqual(format === 's4' && v.split === 'train' ? [0] : Array.from({ length: v.frames }, (_, t) => t));
      if (format === 's4') expect(v.classes).toEqual([src.aObj.split(',')[0].trim()]);
    }
  });

  it('masks are the AVSS labels made binary (object = nonzero)', async () => {
    const r = await indexDataset(root, format, { previous: new Map(), ffmpeg: noFfmpeg });
    const v = r.videos[0];
    const src = parseAvssMetadata(fs.readFileSync(path.join(avss, 'metadata.csv'), 'utf8')).rows.find((m) => m.uid === v.uid)!;
    const mask = await sharp(path.join(root, objectVideoPaths(format, v.subset, v.uid).mask(0))).extractChannel(0).raw().toBuffer();
    const label = await sharp(path.join(avss, src.subset, src.uid, 'labels_semantic', '0.png')).extractChannel(0).raw().toBuffer();
    expect(mask.length).toBe(label.length);
    expect(mask.every((m, i) => (m > 0) === (label[i] > 0))).toBe(true);
    expect(label.some((x) => x > 0)).toBe(true);
  });

  it('palette-mode masks (as the official MS3 ones) are accepted and handed out as grey index PNGs', async () => {
    const pal = path.join(base, `${format}-palette`);
    fs.cpSync(root, pal, { recursive: true });
    const r0 = await indexDataset(pal, format, { previous: new Map(), ffmpeg: noFfmpeg });
    const v = r0.videos.find((x) => x.labelFrames.length)!;
    const maskFile = path.join(pal, objectVideoPaths(format, v.subset, v.uid).mask(0));
    const { data, info } = await sharp(maskFile).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    const indices = data.map((x) => (x ? 1 : 0));
    fs.writeFileSync(maskFile, palettePng(indices, info.width, info.height));
    const db = openDatabase(':memory:', allMigrations);
    const access = new CatalogDatasetAccess(db, { cacheDir: path.join(base, `${format}-cache`) });
    const datasetId = access.catalog.ensureDataset(pal, format);
    access.catalog.replaceIndex(datasetId, { ...(await indexDataset(pal, format, { previous: new Map(), ffmpeg: noFfmpeg })), ms: 0 });
    expect(access.catalog.video(datasetId, v.subset, v.uid)?.error).toBeNull();
    const files = await access.files(datasetId, v);
    expect(files.labels[0]).toContain(`${format}-cache`);
    expect((await sharp(files.labels[0]!).extractChannel(0).raw().toBuffer()).equals(Buffer.from(indices))).toBe(true);
    expect(indices.some((x) => x === 1)).toBe(true);
    db.close();
  });

  it('re-indexing reads only what changed; a removed frame is reported with the fix', async () => {
    const first = await indexDataset(root, format, { previous: new Map(), ffmpeg: noFfmpeg });
    const prev = new Map(first.videos.map((v) => [`${v.subset}/${v.uid}`, v]));
    const victim = first.videos[1];
    const p = objectVideoPaths(format, victim.subset, victim.uid);
    fs.rmSync(path.join(root, p.frame(2)));
    const again = await indexDataset(root, format, { previous: prev, ffmpeg: noFfmpeg });
    const broken = again.videos.find((v) => v.uid === victim.uid)!;
    expect(broken.error?.file).toBe(p.frameDir);
    expect(broken.error?.message).toMatch(new RegExp(`missing frame .*_3\\.png`));
    expect(again.videos.filter((v) => !v.error)).toHaveLength(5);
    // Everything else came from `previous` untouched (same object contents, same stamp).
    for (const v of again.videos.filter((x) => x.uid !== victim.uid)) expect(v).toEqual(prev.get(`${v.subset}/${v.uid}`));
  });
});
