import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseFfmpegProbe } from '../../core/dataset/ffmpeg-probe';
import { decodeWavPcm16 } from '../../core/audio/wav';
import type { SyntheticTruth } from '../synthetic/generate-dataset';
import { generateSyntheticDataset } from '../synthetic/generate-dataset';
import { createApp, type App } from '../../app/compose';
import { CatalogDatasetAccess } from './catalog-access';
import { detectLayout } from './detect-layout';
import { locateFfmpeg } from './ffmpeg';
import { indexDataset } from './index-dataset';
import type { IndexedVideo } from './indexed-video';

let base: string;
let root: string;
let ffmpeg: string;
let truth: SyntheticTruth[];

/** Encodes a synthetic AVSS video folder (1 fps JPEGs + wav) as an mp4 with its masks beside it. */
function encode(src: string, out: string, masks: boolean) {
  execFileSync(ffmpeg, ['-v', 'error', '-y', '-framerate', '1', '-i', path.join(src, 'frames', '%d.jpg'), '-i', path.join(src, 'audio.wav'), '-c:v', 'mpeg4', '-q:v', '2', '-r', '5', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', out]);
  if (masks) fs.cpSync(path.join(src, 'labels_semantic'), out.replace(/\.mp4$/, '_masks'), { recursive: true });
}

/** Strongest frequency of a 0.1 s signal by a direct DFT scan in 5 Hz steps (independent of the app's FFT). */
function peakHz(x: Float32Array, rate: number): number {
  let best = [0, 0];
  for (let f = 100; f < rate / 2; f += 5) {
    let re = 0;
    let im = 0;
    for (let i = 0; i < x.length; i++) {
      re += x[i] * Math.cos((2 * Math.PI * f * i) / rate);
      im += x[i] * Math.sin((2 * Math.PI * f * i) / rate);
    }
    if (re * re + im * im > best[1]) best = [f, re * re + im * im];
  }
  return best[0];
}

beforeAll(async () => {
  ffmpeg = locateFfmpeg('').path;
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-videos-'));
  const avss = (await generateSyntheticDataset({ out: path.join(base, 'avss'), videos: 3, seed: 21, size: 64 })).root;
  root = path.join(base, 'videos');
  fs.mkdirSync(path.join(root, 'train'), { recursive: true });
  const dirs = ['v1s', 'v1m', 'v2'].flatMap((s) => (fs.existsSync(path.join(avss, s)) ? fs.readdirSync(path.join(avss, s)).map((u) => path.join(avss, s, u)) : []));
  truth = dirs.map((d) => JSON.parse(fs.readFileSync(path.join(d, 'synthetic.json'), 'utf8')));
  dirs.forEach((d, i) => encode(d, path.join(root, i === 0 ? 'train' : '.', `clip${i}.mp4`), i === 0));
}, 60_000);
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

describe('ffmpeg probe parsing', () => {
  it('reads duration, video size/fps and audio from both ffmpeg builds', () => {
    const old = `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'a.mp4':\n  Duration: 00:01:05.50, start: 0.000000, bitrate: 80 kb/s\n    Stream #0:0(und): Video: h264 (High) (avc1 / 0x31637661), yuv420p, 320x240 [SAR 1:1 DAR 4:3], 8 kb/s, 25 fps, 25 tbr, 12800 tbn, 50 tbc (default)\n    Stream #0:1(und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, stereo, fltp, 69 kb/s (default)`;
    expect(parseFfmpegProbe(old)).toEqual({ durationSec: 65.5, video: { codec: 'h264', width: 320, height: 240, fps: 25 }, audio: { codec: 'aac', sampleRate: 44100, channels: 'stereo' }, problem: null });
    const newer = `  Duration: 00:00:03.00, start: 0.000000, bitrate: 81 kb/s\n  Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(progressive), 64x48 [SAR 1:1 DAR 4:3], 8 kb/s, 10 fps, 10 tbr, 10240 tbn (default)`;
    expect(parseFfmpegProbe(newer)).toMatchObject({ durationSec: 3, video: { width: 64, height: 48, fps: 10 }, audio: null, problem: null });
    expect(parseFfmpegProbe("[mov,mp4 @ 0x1] moov atom not found\nx.mp4: Invalid data found when processing input").problem).toMatch(/moov atom not found/);
  });
});

describe('plain video folder', () => {
  it('is detected, probed with ffmpeg, and lists videos with duration-based frame counts, audio and masks', async () => {
    expect(detectLayout(root)).toBe('video-folder');
    const r = await indexDataset(root, 'video-folder', { previous: new Map(), ffmpeg: () => ffmpeg });
    expect(r.videos.map((v) => [v.subset, v.uid, v.split])).toEqual([
      ['.', 'clip1.mp4', 'test'],
      ['.', 'clip2.mp4', 'test'],
      ['train', 'clip0.mp4', 'train'],
    ]);
    for (const [i, v] of r.videos.entries()) {
      const t = truth[Number(v.uid.match(/\d/)![0])];
      expect(v.error, JSON.stringify(v.error)).toBeNull();
      expect(v.frames).toBe(t.frames);
      expect([v.width, v.height, v.hasAudio, v.ord]).toEqual([64, 64, true, i]);
    }
    expect(r.videos[2].labelFrames).toEqual(Array.from({ length: truth[0].frames }, (_, t) => t));
  });

  it('reads a .webm (VP8 + Vorbis) like an mp4: frame count, size, audio and masks', async (ctx) => {
    const encoders = execFileSync(ffmpeg, ['-hide_banner', '-encoders'], { encoding: 'utf8' });
    ctx.skip(!/\blibvpx\b/.test(encoders) || !/\blibvorbis\b/.test(encoders), 'this ffmpeg build has no libvpx / libvorbis encoder to make a .webm');
    // No -shortest: the WebM muxer then cuts the last image-sequence second (4.24 s for 5 frames).
    const dir = path.join(base, 'webm');
    const src = path.join(base, 'avss', truth[0].subset, truth[0].uid);
    fs.mkdirSync(dir);
    execFileSync(ffmpeg, ['-v', 'error', '-framerate', '1', '-i', path.join(src, 'frames', '%d.jpg'), '-i', path.join(src, 'audio.wav'), '-c:v', 'libvpx', '-b:v', '200k', '-r', '5', '-pix_fmt', 'yuv420p', '-c:a', 'libvorbis', path.join(dir, 'clip.webm')]);
    fs.cpSync(path.join(src, 'labels_semantic'), path.join(dir, 'clip_masks'), { recursive: true });
    expect(detectLayout(dir)).toBe('video-folder');
    const [v, ...rest] = (await indexDataset(dir, 'video-folder', { previous: new Map(), ffmpeg: () => ffmpeg })).videos;
    expect(rest).toEqual([]);
    expect(v.error, JSON.stringify(v.error)).toBeNull();
    expect([v.uid, v.frames, v.width, v.height, v.hasAudio]).toEqual(['clip.webm', truth[0].frames, 64, 64, true]);
    expect(v.labelFrames).toEqual(Array.from({ length: truth[0].frames }, (_, t) => t));
  }, 60_000);

  it('through the app: frames at 1 fps and 16 kHz mono audio extracted once into the cache, the tones audible', async () => {
    const app: App = createApp({ dataDir: path.join(base, 'data'), host: 'web' });
    try {
      const call = async <T>(method: string, input: unknown): Promise<T> => {
        const r = await app.dispatch(method, input);
        if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
        return r.value as T;
      };
      const { datasetId, job } = await call<{ datasetId: number; job: { id: string } }>('datasets.open', { root });
      for (let state = ''; state !== 'done'; await new Promise((r) => setTimeout(r, 50))) {
        const j = await call<{ state: string; error: string | null }>('jobs.get', { id: job.id });
        if (j.state === 'failed') throw new Error(j.error ?? 'failed');
        state = j.state;
      }
      const access = new CatalogDatasetAccess(app.db);
      const ref = access.list(datasetId).find((v) => v.uid === 'clip0.mp4')!;
      const files = await access.files(datasetId, ref);
      expect(files.frames).toHaveLength(truth[0].frames);
      expect(files.frames.every((f) => fs.existsSync(f) && f.includes(path.join('cache', 'datasets')))).toBe(true);
      expect(files.labelKind).toBe('binary');
      expect(files.labels.every((l) => l && fs.existsSync(l))).toBe(true);
      const wav = decodeWavPcm16(fs.readFileSync(files.audio!));
      expect([wav.sampleRate, wav.channels]).toEqual([16000, 1]);
      expect(Math.abs(wav.samples.length / 16000 - truth[0].frames)).toBeLessThan(0.2);
      // Second call: same paths, nothing rebuilt.
      const mtime = fs.statSync(files.frames[0]).mtimeMs;
      expect((await access.files(datasetId, ref)).frames).toEqual(files.frames);
      expect(fs.statSync(files.frames[0]).mtimeMs).toBe(mtime);
      // The loudest tone is one of the sounding objects' tones (after AAC and resampling).
      const tones = truth[0].objects.filter((o) => o.sounding).map((o) => o.toneHz);
      const hz = peakHz(wav.samples.subarray(8000, 9600), 16000);
      expect(Math.min(...tones.map((t) => Math.abs(t - hz)))).toBeLessThanOrEqual(10);
      const spec = await app.media.handle('datasets/spectrogram', new URLSearchParams({ datasetId: String(datasetId), subset: ref.subset, uid: ref.uid, width: '120' }));
      expect(spec.contentType).toBe('image/png');
    } finally {
      app.dispose();
    }
  }, 60_000);

  it('a truncated and an empty video are reported with the fix; the rest loads; unchanged videos are not probed again', async () => {
    const broken = path.join(base, 'broken-videos');
    fs.cpSync(root, broken, { recursive: true });
    const first = await indexDataset(broken, 'video-folder', { previous: new Map(), ffmpeg: () => ffmpeg });
    const full = fs.readFileSync(path.join(broken, 'clip1.mp4'));
    fs.writeFileSync(path.join(broken, 'clip1.mp4'), full.subarray(0, Math.floor(full.length / 3)));
    fs.writeFileSync(path.join(broken, 'empty.webm'), '');
    // A wrapper that counts ffmpeg runs: only the changed and the new video are probed again.
    const counter = path.join(base, 'runs.log');
    const wrapper = path.join(base, 'ffmpeg-counting');
    fs.writeFileSync(wrapper, `#!/bin/sh\necho run >> "${counter}"\nexec "${ffmpeg}" "$@"\n`, { mode: 0o755 });
    const prev = new Map<string, IndexedVideo>(first.videos.map((v) => [`${v.subset}/${v.uid}`, v]));
    const r = await indexDataset(broken, 'video-folder', { previous: prev, ffmpeg: () => wrapper });
    const byUid = Object.fromEntries(r.videos.map((v) => [v.uid, v]));
    expect(byUid['clip1.mp4'].error).toMatchObject({ file: 'clip1.mp4', message: expect.stringMatching(/cannot be decoded .*truncated/) });
    expect(byUid['clip1.mp4'].error!.fix).toMatch(/re-encode/);
    expect(byUid['empty.webm'].error).toMatchObject({ file: 'empty.webm', message: expect.stringMatching(/empty/) });
    expect(r.videos.filter((v) => !v.error)).toHaveLength(2);
    expect(byUid['clip2.mp4']).toEqual({ ...prev.get('./clip2.mp4'), ord: byUid['clip2.mp4'].ord });
    expect(fs.readFileSync(counter, 'utf8').trim().split('\n')).toHaveLength(1);
  }, 60_000);
});
