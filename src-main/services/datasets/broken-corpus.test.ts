import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { generateSyntheticDataset } from '../synthetic/generate-dataset';
import { indexAvss } from './avss-reader';
import type { IndexedVideo } from './indexed-video';

// Each case breaks one thing in its own copy of a small synthetic dataset; indexing must name the file and the fix
// for that item and still load every other video.
let base: string;
let pristine: string;
const VIDEOS = 6;

beforeAll(async () => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-broken-'));
  pristine = (await generateSyntheticDataset({ out: path.join(base, 'pristine'), videos: VIDEOS, seed: 5, size: 64 })).root;
});
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

function copy(name: string): { root: string; first: string; rows: string[] } {
  const root = path.join(base, name);
  fs.cpSync(pristine, root, { recursive: true });
  const rows = fs.readFileSync(path.join(root, 'metadata.csv'), 'utf8').trim().split('\n');
  return { root, first: videoDir(root, rows[1]), rows };
}
function videoDir(root: string, row: string): string {
  const [, uid, , , , , subset] = row.match(/("[^"]*"|[^,]+)/g)!;
  return path.join(root, subset, uid);
}
const writeCsv = (root: string, rows: string[]) => fs.writeFileSync(path.join(root, 'metadata.csv'), rows.join('\n') + '\n');
const good = (videos: IndexedVideo[]) => videos.filter((v) => !v.error).length;

interface Case {
  name: string;
  breakIt(c: { root: string; first: string; rows: string[] }): void | Promise<void>;
  /** Where the problem must be reported and what it must say. */
  expect: { file: RegExp; message: RegExp; goodVideos: number; fatal?: boolean };
}

const cases: Case[] = [
  { name: 'truncated frame', breakIt: ({ first }) => fs.truncateSync(path.join(first, 'frames', '0.jpg'), 10), expect: { file: /frames\/0\.jpg$/, message: /not a readable/, goodVideos: VIDEOS - 1 } },
  { name: 'missing frame', breakIt: ({ first }) => fs.rmSync(path.join(first, 'frames', '2.jpg')), expect: { file: /frames$/, message: /missing frame 2/, goodVideos: VIDEOS - 1 } },
  {
    name: 'mask of the wrong size',
    breakIt: async ({ first }) => {
      await sharp(Buffer.alloc(50 * 50), { raw: { width: 50, height: 50, channels: 1 } }).toColourspace('b-w').png().toFile(path.join(first, 'labels_semantic', '0.png'));
    },
    expect: { file: /labels_semantic\/0\.png$/, message: /50×50 but the frames are 64×64/, goodVideos: VIDEOS - 1 },
  },
  {
    name: 'RGB label where an index label is expected',
    breakIt: ({ first }) => fs.copyFileSync(path.join(first, 'labels_rgb', '0.png'), path.join(first, 'labels_semantic', '0.png')),
    expect: { file: /labels_semantic\/0\.png$/, message: /colour image/, goodVideos: VIDEOS - 1 },
  },
  { name: 'row with too few cells', breakIt: ({ root, rows }) => writeCsv(root, [rows[0], rows[1].split(',').slice(0, 4).join(','), ...rows.slice(2)]), expect: { file: /metadata\.csv:2$/, message: /4 cells/, goodVideos: VIDEOS - 1 } },
  { name: 'missing CSV columns', breakIt: ({ root, rows }) => writeCsv(root, ['vid,uid,s_min,s_sec,a_obj', ...rows.slice(1)]), expect: { file: /^metadata\.csv$/, message: /lacks the column\(s\) split, label/, goodVideos: 0, fatal: true } },
  { name: 'empty metadata', breakIt: ({ root }) => fs.writeFileSync(path.join(root, 'metadata.csv'), ''), expect: { file: /^metadata\.csv$/, message: /is empty/, goodVideos: 0, fatal: true } },
  { name: 'duplicate uid', breakIt: ({ root, rows }) => writeCsv(root, [...rows, rows[1]]), expect: { file: new RegExp(`metadata\\.csv:${VIDEOS + 2}$`), message: /already appears on line 2/, goodVideos: VIDEOS } },
  { name: 'unknown split', breakIt: ({ root, rows }) => writeCsv(root, [rows[0], rows[1].replace(/,(train|val|test),/, ',training,'), ...rows.slice(2)]), expect: { file: /metadata\.csv:2$/, message: /split "training"/, goodVideos: VIDEOS - 1 } },
  { name: 'uid escaping its folder', breakIt: ({ root, rows }) => writeCsv(root, [rows[0], rows[1].replace(/^([^,]+),([^,]+),/, '$1,../../etc,'), ...rows.slice(2)]), expect: { file: /metadata\.csv:2$/, message: /not a valid folder name/, goodVideos: VIDEOS - 1 } },
  { name: 'folder listed but absent', breakIt: ({ first }) => fs.rmSync(first, { recursive: true }), expect: { file: /^v1s\//, message: /does not exist/, goodVideos: VIDEOS - 1 } },
  {
    name: 'non-UTF-8 folder name',
    breakIt: ({ root, first, rows }) => {
      // The folder is named with Latin-1 bytes; the CSV (UTF-8) names it "café": they can never match.
      fs.renameSync(first, Buffer.concat([Buffer.from(path.dirname(first) + '/caf'), Buffer.from([0xe9])]));
      writeCsv(root, [rows[0], rows[1].replace(/^([^,]+),([^,]+),/, '$1,café,'), ...rows.slice(2)]);
    },
    expect: { file: /café/, message: /does not exist/, goodVideos: VIDEOS - 1 },
  },
  { name: 'very long name', breakIt: ({ root, rows }) => writeCsv(root, [rows[0], rows[1].replace(/^([^,]+),([^,]+),/, `$1,${'x'.repeat(300)},`), ...rows.slice(2)]), expect: { file: /x{100}/, message: /too long/, goodVideos: VIDEOS - 1 } },
  {
    name: 'symlink pointing outside the root',
    breakIt: ({ first }) => {
      const outside = path.join(base, `outside-${Math.random().toString(36).slice(2)}`);
      fs.renameSync(first, outside);
      fs.symlinkSync(outside, first);
    },
    expect: { file: /^v1s\//, message: /link to a folder outside the dataset/, goodVideos: VIDEOS - 1 },
  },
  {
    name: 'subset folder linking outside the root',
    breakIt: ({ root }) => {
      const outside = path.join(base, `outside-subset-${Math.random().toString(36).slice(2)}`);
      fs.renameSync(path.join(root, 'v1m'), outside);
      fs.symlinkSync(outside, path.join(root, 'v1m'));
    },
    expect: { file: /^v1m$/, message: /subset folder v1m is a link/, goodVideos: VIDEOS - 2 },
  },
  { name: 'empty audio', breakIt: ({ first }) => fs.writeFileSync(path.join(first, 'audio.wav'), ''), expect: { file: /audio\.wav$/, message: /no audio samples/, goodVideos: VIDEOS - 1 } },
  { name: 'missing audio', breakIt: ({ first }) => fs.rmSync(path.join(first, 'audio.wav')), expect: { file: /audio\.wav$/, message: /missing/, goodVideos: VIDEOS - 1 } },
  { name: 'no frames folder', breakIt: ({ first }) => fs.rmSync(path.join(first, 'frames'), { recursive: true }), expect: { file: /frames$/, message: /frames is missing/, goodVideos: VIDEOS - 1 } },
  { name: 'palette with a shared colour', breakIt: ({ root }) => fs.writeFileSync(path.join(root, 'palette.json'), '[[0,0,0],[5,5,5],[5,5,5]]'), expect: { file: /^palette\.json$/, message: /classes 1 and 2 share the colour/, goodVideos: VIDEOS } },
  { name: 'malformed label2idx.json', breakIt: ({ root }) => fs.writeFileSync(path.join(root, 'label2idx.json'), '{"dog": 1,'), expect: { file: /^label2idx\.json$/, message: /not valid/, goodVideos: VIDEOS } },
];

describe('broken dataset corpus', () => {
  it('has at least 15 cases', () => expect(cases.length).toBeGreaterThanOrEqual(15));

  for (const c of cases) {
    it(`${c.name}: reports the file and a fix, loads the rest`, async () => {
      const copyOf = copy(c.name.replace(/\W+/g, '-'));
      await c.breakIt(copyOf);
      const r = indexAvss(copyOf.root, new Map());
      const problems = [...(r.fatal ? [r.fatal] : []), ...r.errors, ...r.videos.flatMap((v) => (v.error ? [v.error] : []))];
      const hit = problems.find((p) => c.expect.file.test(p.file) && c.expect.message.test(p.message));
      expect(hit, JSON.stringify(problems, null, 1)).toBeDefined();
      expect(hit!.fix.length).toBeGreaterThan(10);
      expect(Boolean(r.fatal)).toBe(Boolean(c.expect.fatal));
      expect(good(r.videos)).toBe(c.expect.goodVideos);
    });
  }

  it('a frame that is a folder or a FIFO is reported as unreadable, also as root, and the FIFO does not stall indexing', () => {
    const { root, first, rows } = copy('not-a-file');
    fs.rmSync(path.join(first, 'frames', '0.jpg'));
    fs.mkdirSync(path.join(first, 'frames', '0.jpg'));
    const fifo = path.join(videoDir(root, rows[2]), 'frames', '0.jpg');
    fs.rmSync(fifo);
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    const r = indexAvss(root, new Map());
    expect(Date.now() - started).toBeLessThan(10_000);
    const errors = r.videos.filter((v) => v.error).map((v) => v.error!);
    expect(errors).toHaveLength(2);
    for (const e of errors) expect(e).toMatchObject({ file: expect.stringMatching(/frames\/0\.jpg$/), message: expect.stringMatching(/cannot be read \(not a regular file\)/), fix: expect.stringMatching(/folder, pipe or device/) });
    expect(good(r.videos)).toBe(VIDEOS - 2);
  });

  it('an unreadable frame is reported (skipped when running as root, who can read anything)', async (ctx) => {
    if (process.getuid?.() === 0) ctx.skip();
    const { root, first } = copy('unreadable');
    fs.chmodSync(path.join(first, 'frames', '0.jpg'), 0);
    const r = indexAvss(root, new Map());
    expect(r.videos.find((v) => v.error)?.error?.message).toMatch(/cannot be read \(EACCES\)/);
  });
});
