import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { decodeWavPcm16 } from '../../core/audio/wav';
import { generateSyntheticDataset, type SyntheticTruth } from './generate-dataset';

let base: string;
let a: string;
beforeAll(async () => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-synth-'));
  a = (await generateSyntheticDataset({ out: path.join(base, 'a'), videos: 4, seed: 11, size: 96 })).root;
});
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

const listFiles = (root: string): string[] =>
  fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name))).sort();
const digest = (root: string) => {
  const h = crypto.createHash('sha256');
  for (const f of listFiles(root)) h.update(f).update(fs.readFileSync(path.join(root, f)));
  return h.digest('hex');
};
const videoDirs = (root: string) =>
  fs.readFileSync(path.join(root, 'metadata.csv'), 'utf8').trim().split('\n').slice(1).map((line) => {
    const cells = line.match(/("[^"]*"|[^,]+)/g)!;
    return { uid: cells[1], split: cells[5], subset: cells[6], dir: path.join(root, cells[6], cells[1]) };
  });
const truth = (dir: string): SyntheticTruth => JSON.parse(fs.readFileSync(path.join(dir, 'synthetic.json'), 'utf8'));

/** Power of one frequency in a signal (Goertzel), normalised by length. */
function tonePower(x: Float32Array, hz: number, rate: number): number {
  const w = (2 * Math.PI * hz) / rate;
  let s1 = 0;
  let s2 = 0;
  for (const v of x) {
    const s0 = v + 2 * Math.cos(w) * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return (s1 * s1 + s2 * s2 - 2 * Math.cos(w) * s1 * s2) / (x.length * x.length);
}

describe('synthetic AVSBench-semantic generator', () => {
  it('is deterministic: the same seed gives byte-identical folders, another seed does not', async () => {
    const again = (await generateSyntheticDataset({ out: path.join(base, 'again'), videos: 4, seed: 11, size: 96 })).root;
    const other = (await generateSyntheticDataset({ out: path.join(base, 'other'), videos: 4, seed: 12, size: 96 })).root;
    expect(digest(again)).toBe(digest(a));
    expect(digest(other)).not.toBe(digest(a));
  });

  it('writes the AVSS layout: metadata.csv, label2idx.json, frames, index and colour labels, 16 kHz mono audio', async () => {
    expect(fs.readFileSync(path.join(a, 'metadata.csv'), 'utf8').split('\n')[0]).toBe('vid,uid,s_min,s_sec,a_obj,split,label');
    const l2i = JSON.parse(fs.readFileSync(path.join(a, 'label2idx.json'), 'utf8'));
    expect(l2i.background).toBe(0);
    const vids = videoDirs(a);
    expect(vids.map((v) => v.split).slice(0, 3).sort()).toEqual(['test', 'train', 'val']);
    expect(new Set(vids.map((v) => v.subset))).toEqual(new Set(['v1s', 'v1m', 'v2']));
    for (const v of vids) {
      const n = v.subset === 'v2' ? 10 : 5;
      for (const sub of ['frames', 'labels_semantic', 'labels_rgb']) expect(fs.readdirSync(path.join(v.dir, sub))).toHaveLength(n);
      const meta = await sharp(path.join(v.dir, 'frames', '0.jpg')).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 96, 96]);
      const lab = await sharp(path.join(v.dir, 'labels_semantic', '0.png')).metadata();
      expect([lab.format, lab.channels]).toEqual(['png', 1]);
      // labels_rgb = labels_semantic through the palette file that ships with the dataset.
      const palette: number[][] = JSON.parse(fs.readFileSync(path.join(a, 'palette.json'), 'utf8'));
      expect(palette).toHaveLength(Object.keys(l2i).length);
      const idx = await sharp(path.join(v.dir, 'labels_semantic', '0.png')).extractChannel(0).raw().toBuffer();
      const rgb = await sharp(path.join(v.dir, 'labels_rgb', '0.png')).removeAlpha().raw().toBuffer();
      expect(idx.every((k, p) => palette[k].every((c, ch) => rgb[3 * p + ch] === c))).toBe(true);
      const wav = decodeWavPcm16(fs.readFileSync(path.join(v.dir, 'audio.wav')));
      expect([wav.sampleRate, wav.channels, wav.samples.length]).toEqual([16000, 1, n * 16000]);
    }
  });

  it('has moving and stationary objects, and GT labels exactly the visible sounding ones', async () => {
    let movingSilent = 0;
    let stationarySounding = 0;
    for (const v of videoDirs(a)) {
      const t = truth(v.dir);
      expect(t.objects.some((o) => o.moving) && t.objects.some((o) => !o.moving)).toBe(true);
      movingSilent += t.objects.filter((o) => o.moving && !o.sounding).length;
      stationarySounding += t.objects.filter((o) => !o.moving && o.sounding).length;
      for (const o of t.objects) {
        const [x0, y0] = o.boxes[0];
        const [x1, y1] = o.boxes[t.frames - 1];
        if (o.moving) expect(Math.hypot(x1 - x0, y1 - y0)).toBeGreaterThanOrEqual(3);
        else expect([x1, y1]).toEqual([x0, y0]);
      }
      const sounding = new Set(t.objects.filter((o) => o.sounding).map((o) => o.classIndex));
      const { data } = await sharp(path.join(v.dir, 'labels_semantic', '0.png')).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
      const present = new Set([...data].filter((c) => c !== 0));
      // Every labelled class is sounding; every sounding class is labelled unless fully hidden by objects drawn later.
      for (const c of present) expect(sounding.has(c)).toBe(true);
      // Labelled pixels sit inside the box of their class at that frame.
      for (let p = 0; p < data.length; p++) {
        if (!data[p]) continue;
        const [bx, by, bw, bh] = t.objects.find((o) => o.classIndex === data[p])!.boxes[0];
        const x = p % t.size;
        const y = Math.floor(p / t.size);
        expect(x >= Math.floor(bx) && x < bx + bw && y >= Math.floor(by) && y < by + bh).toBe(true);
      }
    }
    expect(movingSilent + stationarySounding).toBeGreaterThan(0);
  });

  it('plays each sounding object’s tone and none of the silent ones', () => {
    for (const v of videoDirs(a)) {
      const t = truth(v.dir);
      const wav = decodeWavPcm16(fs.readFileSync(path.join(v.dir, 'audio.wav')));
      for (const o of t.objects) {
        const p = tonePower(wav.samples, o.toneHz, wav.sampleRate);
        if (o.sounding) expect(p, `${o.className} ${o.toneHz} Hz`).toBeGreaterThan(1e-3);
        else expect(p, `${o.className} ${o.toneHz} Hz`).toBeLessThan(1e-5);
      }
    }
  });

  it('writes metadata only at benchmark scale quickly', async () => {
    const r = await generateSyntheticDataset({ out: path.join(base, 'big'), videos: 12_356, seed: 3, metadataOnly: true });
    const lines = fs.readFileSync(path.join(r.root, 'metadata.csv'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(12_357);
    expect(new Set(lines.slice(1).map((l) => l.split(',')[1])).size).toBe(12_356);
    expect(fs.readdirSync(r.root).sort()).toEqual(['label2idx.json', 'metadata.csv', 'palette.json']);
  });
});
