import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { generateSyntheticDataset } from '../synthetic/generate-dataset';
import { exportObjectLayout } from '../synthetic/object-layout-export';
import type { DatasetFormat } from './dataset-access';
import { locateFfmpeg } from './ffmpeg';
import { indexDataset } from './index-dataset';
import { objectVideoPaths, OBJECT_META } from './object-layout';

// The AVSS corpus is in broken-corpus.test.ts; these break S4, MS3 and plain-video folders one thing at a time.
// Each must name the file and the fix for that item and still load everything else — never throw.
let base: string;
let ffmpeg: string;
const pristine: Partial<Record<DatasetFormat, string>> = {};
const VIDEOS = 4;

beforeAll(async () => {
  ffmpeg = locateFfmpeg('').path;
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-broken-fmt-'));
  const avss = (await generateSyntheticDataset({ out: path.join(base, 'avss'), videos: VIDEOS, seed: 8, size: 48 })).root;
  pristine.s4 = (await exportObjectLayout(avss, path.join(base, 'p-s4'), 's4')).root;
  pristine.ms3 = (await exportObjectLayout(avss, path.join(base, 'p-ms3'), 'ms3')).root;
  const videos = path.join(base, 'p-videos');
  fs.mkdirSync(videos);
  const uids = fs.readFileSync(path.join(avss, 'metadata.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  for (const [k, cells] of uids.entries()) {
    const dir = path.join(avss, cells[6], cells[1]);
    const out = path.join(videos, `v${k}.mp4`);
    execFileSync(ffmpeg, ['-v', 'error', '-framerate', '1', '-i', path.join(dir, 'frames', '%d.jpg'), '-i', path.join(dir, 'audio.wav'), '-c:v', 'mpeg4', '-r', '5', '-c:a', 'aac', '-shortest', out]);
    fs.cpSync(path.join(dir, 'labels_semantic'), path.join(videos, `v${k}_masks`), { recursive: true });
  }
  pristine['video-folder'] = videos;
}, 60_000);
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

interface Ctx {
  root: string;
  /** Paths (relative to the root) of the first video of the metadata. */
  first: ReturnType<typeof objectVideoPaths>;
}

interface Case {
  format: DatasetFormat;
  name: string;
  breakIt(c: Ctx): void | Promise<void>;
  expect: { file: RegExp; message: RegExp; goodVideos: number; fatal?: boolean };
}

const csvOf = (c: Ctx, format: 's4' | 'ms3') => path.join(c.root, OBJECT_META[format].csv);
const rewriteCsv = (file: string, f: (lines: string[]) => string[]) => fs.writeFileSync(file, f(fs.readFileSync(file, 'utf8').trim().split('\n')).join('\n') + '\n');
const grey = (w: number, h: number, file: string) => sharp(Buffer.alloc(w * h), { raw: { width: w, height: h, channels: 1 } }).toColourspace('b-w').png().toFile(file);

const cases: Case[] = [
  { format: 's4', name: 'metadata without a split column', breakIt: (c) => rewriteCsv(csvOf(c, 's4'), (l) => l.map((x) => x.split(',').slice(0, 3).join(','))), expect: { file: /^s4_meta_data\.csv$/, message: /no split column/, goodVideos: 0, fatal: true } },
  { format: 's4', name: 'missing frame', breakIt: (c) => fs.rmSync(path.join(c.root, c.first.frame(1))), expect: { file: /visual_frames\/.*[^g]$/, message: /missing frame .*_2\.png/, goodVideos: VIDEOS - 1 } },
  { format: 's4', name: 'truncated frame', breakIt: (c) => fs.truncateSync(path.join(c.root, c.first.frame(0)), 12), expect: { file: /_1\.png$/, message: /not a readable PNG/, goodVideos: VIDEOS - 1 } },
  { format: 's4', name: 'mask of the wrong size', breakIt: (c) => grey(20, 30, path.join(c.root, c.first.mask(0))), expect: { file: /gt_masks\/.*_1\.png$/, message: /20×30 but the frames are 48×48/, goodVideos: VIDEOS - 1 } },
  {
    format: 's4',
    name: 'colour mask',
    breakIt: (c) => sharp({ create: { width: 48, height: 48, channels: 3, background: '#f00' } }).png().toFile(path.join(c.root, c.first.mask(0))),
    expect: { file: /gt_masks\/.*_1\.png$/, message: /colour image; a mask must be single-channel/, goodVideos: VIDEOS - 1 },
  },
  { format: 's4', name: 'missing audio', breakIt: (c) => fs.rmSync(path.join(c.root, c.first.audio)), expect: { file: /audio_wav\/.*\.wav$/, message: /is missing/, goodVideos: VIDEOS - 1 } },
  { format: 's4', name: 'unknown split', breakIt: (c) => rewriteCsv(csvOf(c, 's4'), (l) => [l[0], l[1].replace(/,(train|val|test)$/, ',dev'), ...l.slice(2)]), expect: { file: /s4_meta_data\.csv:2$/, message: /split "dev"/, goodVideos: VIDEOS - 1 } },
  { format: 'ms3', name: 'duplicate row', breakIt: (c) => rewriteCsv(csvOf(c, 'ms3'), (l) => [...l, l[1]]), expect: { file: new RegExp(`ms3_meta_data\\.csv:${VIDEOS + 2}$`), message: /already appears on line 2/, goodVideos: VIDEOS } },
  {
    format: 'ms3',
    name: 'frames folder linking outside the root',
    breakIt: (c) => {
      const outside = path.join(base, `outside-${Math.random().toString(36).slice(2)}`);
      fs.renameSync(path.join(c.root, c.first.frameDir), outside);
      fs.symlinkSync(outside, path.join(c.root, c.first.frameDir));
    },
    expect: { file: /visual_frames\//, message: /link to a folder outside the dataset/, goodVideos: VIDEOS - 1 },
  },
  { format: 'ms3', name: 'empty audio', breakIt: (c) => fs.writeFileSync(path.join(c.root, c.first.audio), ''), expect: { file: /\.wav$/, message: /no audio samples/, goodVideos: VIDEOS - 1 } },
  { format: 'ms3', name: 'empty metadata', breakIt: (c) => fs.writeFileSync(csvOf(c, 'ms3'), ''), expect: { file: /^ms3_meta_data\.csv$/, message: /is empty/, goodVideos: 0, fatal: true } },
  {
    format: 'ms3',
    name: 'very long name',
    breakIt: (c) => rewriteCsv(csvOf(c, 'ms3'), (l) => [l[0], l[1].replace(/^[^,]+/, 'y'.repeat(300)), ...l.slice(2)]),
    expect: { file: /y{100}/, message: /cannot be used \(ENAMETOOLONG\)/, goodVideos: VIDEOS - 1 },
  },
  {
    format: 'video-folder',
    name: 'truncated video',
    breakIt: (c) => fs.truncateSync(path.join(c.root, 'v0.mp4'), Math.floor(fs.statSync(path.join(c.root, 'v0.mp4')).size / 3)),
    expect: { file: /^v0\.mp4$/, message: /cannot be decoded/, goodVideos: VIDEOS - 1 },
  },
  { format: 'video-folder', name: 'empty video', breakIt: (c) => fs.writeFileSync(path.join(c.root, 'v0.mp4'), ''), expect: { file: /^v0\.mp4$/, message: /empty \(0 bytes\)/, goodVideos: VIDEOS - 1 } },
  { format: 'video-folder', name: 'not a video at all', breakIt: (c) => fs.writeFileSync(path.join(c.root, 'notes.avi'), 'hello'), expect: { file: /^notes\.avi$/, message: /^notes\.avi cannot be decoded \(notes\.avi: Invalid data/, goodVideos: VIDEOS } },
  { format: 'video-folder', name: 'mask of the wrong size', breakIt: (c) => grey(10, 10, path.join(c.root, 'v0_masks', '0.png')), expect: { file: /^v0_masks\/0\.png$/, message: /10×10 but the frames are 48×48/, goodVideos: VIDEOS - 1 } },
  {
    format: 'video-folder',
    name: 'video linking outside the root',
    breakIt: (c) => {
      const outside = path.join(base, `outside-${Math.random().toString(36).slice(2)}.mp4`);
      fs.renameSync(path.join(c.root, 'v0.mp4'), outside);
      fs.symlinkSync(outside, path.join(c.root, 'v0.mp4'));
    },
    expect: { file: /^v0\.mp4$/, message: /link to a file outside the dataset/, goodVideos: VIDEOS - 1 },
  },
  {
    format: 'video-folder',
    name: 'non-UTF-8 file name',
    breakIt: (c) => fs.renameSync(path.join(c.root, 'v0.mp4'), Buffer.concat([Buffer.from(path.join(c.root, 'caf')), Buffer.from([0xe9]), Buffer.from('.mp4')])),
    expect: { file: /^caf.*\.mp4$/, message: /not valid UTF-8/, goodVideos: VIDEOS - 1 },
  },
];

describe('broken S4 / MS3 / video-folder corpus', () => {
  it('has at least 15 cases', () => expect(cases.length).toBeGreaterThanOrEqual(15));

  for (const c of cases) {
    it(`${c.format}: ${c.name}: reports the file and a fix, loads the rest`, async () => {
      const root = path.join(base, `${c.format}-${c.name.replace(/\W+/g, '-')}`);
      fs.cpSync(pristine[c.format]!, root, { recursive: true });
      const first = await (async () => {
        if (c.format === 'video-folder') return objectVideoPaths('s4', '', '');
        const line = fs.readFileSync(path.join(root, OBJECT_META[c.format as 's4'].csv), 'utf8').split('\n')[1].split(',');
        return c.format === 's4' ? objectVideoPaths('s4', `${line[3]}/${line[2]}`, line[0]) : objectVideoPaths('ms3', line[2], line[0]);
      })();
      await c.breakIt({ root, first });
      const r = await indexDataset(root, c.format, { previous: new Map(), ffmpeg: () => ffmpeg });
      const problems = [...(r.fatal ? [r.fatal] : []), ...r.errors, ...r.videos.flatMap((v) => (v.error ? [v.error] : []))];
      const hit = problems.find((p) => c.expect.file.test(p.file) && c.expect.message.test(p.message));
      expect(hit, JSON.stringify(problems, null, 1)).toBeDefined();
      expect(hit!.fix.length).toBeGreaterThan(10);
      expect(Boolean(r.fatal)).toBe(Boolean(c.expect.fatal));
      expect(r.videos.filter((v) => !v.error)).toHaveLength(c.expect.goodVideos);
    }, 30_000);
  }

  it('a mask that is a folder is reported as unreadable, also as root', async () => {
    const root = path.join(base, 'mask-is-a-folder');
    fs.cpSync(pristine['video-folder']!, root, { recursive: true });
    fs.rmSync(path.join(root, 'v0_masks', '0.png'));
    fs.mkdirSync(path.join(root, 'v0_masks', '0.png'));
    const r = await indexDataset(root, 'video-folder', { previous: new Map(), ffmpeg: () => ffmpeg });
    expect(r.videos.filter((v) => v.error).map((v) => v.error!.message)).toEqual([expect.stringMatching(/v0_masks\/0\.png cannot be read \(not a regular file\)/)]);
  });

  it('an unreadable mask/video is reported (skipped when running as root, who can read anything)', async (ctx) => {
    if (process.getuid?.() === 0) ctx.skip();
    const root = path.join(base, 'unreadable');
    fs.cpSync(pristine['video-folder']!, root, { recursive: true });
    fs.chmodSync(path.join(root, 'v0_masks', '0.png'), 0);
    const r = await indexDataset(root, 'video-folder', { previous: new Map(), ffmpeg: () => ffmpeg });
    expect(r.videos.find((v) => v.error)?.error?.message).toMatch(/cannot be read \(EACCES\)/);
  });
});
