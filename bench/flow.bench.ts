// Throughput of flow -> M_O at 224x224: this app's pipeline (OpenCV wasm Farneback + the SSP post-processing in
// TypeScript) against OpenCV's native Farneback with the same parameters and the same post-processing in numpy,
// both measured in this run on the same frames. Run: node --import tsx bench/flow.bench.ts [frames]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { rgbToGray8 } from '../src-main/core/flow/rgb';
import { texturedFrame } from '../src-main/core/flow/test-pattern';
import type { FlowField, RgbImage } from '../src-main/core/flow/types';
import { motionMasks, perFrameFlowImages } from '../src-main/core/masks/video-masks';
import sharp from 'sharp';
import { MaskSettings } from '../src-main/api/contracts/flow';
import { openDatabase } from '../src-main/store/db';
import type { VideoFiles } from '../src-main/services/datasets/dataset-access';
import { DEFAULT_FARNEBACK, FarnebackBackend } from '../src-main/services/flow/farneback-backend';
import { FlowCache } from '../src-main/services/flow/flow-cache';
import { flowMigrations } from '../src-main/services/flow/flow-migrations';
import { VideoFlow } from '../src-main/services/flow/video-flow';

const SIZE = 224;
const FRAMES = Number(process.argv[2] ?? 60);
const MAX_MAG = 8;
const LEVEL = 32;
const python = process.env.SSP_PYTHON ?? path.resolve('.venv/bin/python');

/** A static textured background with a 60x60 textured square moving 3 px right and 1 px down per frame. */
function sceneFrame(t: number): RgbImage {
  const bg = texturedFrame(SIZE, SIZE);
  const fg = texturedFrame(SIZE, SIZE, 3 * t + 17, t + 5);
  const x0 = 40 + 3 * t;
  const y0 = 60 + t;
  for (let y = y0; y < Math.min(SIZE, y0 + 60); y++) {
    for (let x = x0; x < Math.min(SIZE, x0 + 60); x++) {
      const i = 3 * (y * SIZE + x);
      bg.data.set([255 - fg.data[i], fg.data[i + 2], fg.data[i + 1]], i);
    }
  }
  return bg;
}

const grays = Array.from({ length: FRAMES }, (_, t) => rgbToGray8(sceneFrame(t % 40)));

async function measureWasm(): Promise<{ fps: number; postMs: number; moving: number }> {
  const backend = await FarnebackBackend.create();
  backend.computeGray(SIZE, SIZE, grays[0], grays[1]); // warm-up (wasm JIT)
  const start = performance.now();
  const flows: FlowField[] = [];
  for (let t = 1; t < FRAMES; t++) flows.push(backend.computeGray(SIZE, SIZE, grays[t - 1], grays[t]));
  const postStart = performance.now();
  const masks = motionMasks(perFrameFlowImages(flows, { kind: 'fixed', maxMagnitude: MAX_MAG }), { kind: 'fixed', level: LEVEL });
  const end = performance.now();
  const moving = masks.reduce((a, m) => a + m.mO.data.reduce((s, b) => s + b, 0), 0) / masks.length;
  return { fps: (FRAMES * 1000) / (end - start), postMs: (end - postStart) / FRAMES, moving };
}

// Same work in native OpenCV: T-1 Farneback flows, magnitude -> gray, Eq. 1, threshold; timed inside Python.
const NATIVE = `
import sys, json, time, numpy as np, cv2
cv2.setNumThreads(2)
n, size, mx, level = int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
p = json.loads(sys.argv[6])
frames = np.fromfile(sys.argv[1], dtype=np.uint8).reshape(n, size, size)
def run():
    flows = [cv2.calcOpticalFlowFarneback(frames[t-1], frames[t], None, p['pyrScale'], p['levels'], p['winSize'], p['iterations'], p['polyN'], p['polySigma'], 0) for t in range(1, n)]
    g = [np.minimum(255.0, 255.0 * np.sqrt(f[...,0]**2 + f[...,1]**2) / mx) for f in flows]
    per = [g[0]] + [(g[t-1] + g[t]) / 2 for t in range(1, len(g))] + [g[-1]]
    return [x > level for x in per]
cv2.calcOpticalFlowFarneback(frames[0], frames[1], None, 0.5, 3, 15, 3, 5, 1.2, 0)
t0 = time.perf_counter(); masks = run(); t1 = time.perf_counter()
print(json.dumps({"fps": n / (t1 - t0), "moving": float(np.mean([m.sum() for m in masks])), "version": cv2.__version__}))
`;

function measureNative(): { fps: number; moving: number; version: string } | { error: string } {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-flow-bench-')), 'frames.u8');
  fs.writeFileSync(file, Buffer.concat(grays));
  try {
    const args = ['-c', NATIVE, file, String(FRAMES), String(SIZE), String(MAX_MAG), String(LEVEL), JSON.stringify(DEFAULT_FARNEBACK)];
    return JSON.parse(execFileSync(python, args, { encoding: 'utf8' }));
  } catch (err) {
    return { error: `native reference unavailable (${python} with opencv-python-headless): ${(err as Error).message.split('\n')[0]}` };
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

/** The job's whole path on one 60-frame video: JPEG decode + resize, flow, cache writes, Eq. 1 + M_O, SQLite index. */
async function measureJobPath(): Promise<number> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-flow-bench-job-'));
  try {
    const frames = path.join(root, 'v2', 'bench', 'frames');
    fs.mkdirSync(frames, { recursive: true });
    for (let t = 0; t < FRAMES; t++) {
      const f = sceneFrame(t % 40);
      await sharp(f.data, { raw: { width: SIZE, height: SIZE, channels: 3 } }).jpeg({ quality: 95 }).toFile(path.join(frames, `${t}.jpg`));
    }
    const db = openDatabase(':memory:', flowMigrations);
    const vf = new VideoFlow(new FlowCache(db, path.join(root, 'data')), path.join(root, 'models'));
    const video: VideoFiles = {
      subset: 'v2', uid: 'bench', split: 'test', labelKind: 'none', audio: null, classes: [],
      frames: Array.from({ length: FRAMES }, (_, t) => path.join(frames, `${t}.jpg`)),
      labels: Array(FRAMES).fill(null),
    };
    const settings = MaskSettings.parse({ workMaxSide: SIZE, threshold: { kind: 'fixed', level: LEVEL } });
    await vf.flow(1, { ...video, frames: video.frames.slice(0, 2) }, settings); // warm-up: wasm load + JIT
    const start = performance.now();
    await vf.masks(1, video, settings);
    const fps = (FRAMES * 1000) / (performance.now() - start);
    await vf.dispose();
    db.close();
    return fps;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

const wasm = await measureWasm();
const jobFps = await measureJobPath();
const native = measureNative();
console.log(`flow -> M_O, ${FRAMES} frames of ${SIZE}x${SIZE}, Farneback ${JSON.stringify(DEFAULT_FARNEBACK)}, threshold ${LEVEL}/255 of ${MAX_MAG} px`);
console.log(`  ssp-studio (opencv-js wasm, 1 thread): ${wasm.fps.toFixed(1)} frames/s (post-processing ${wasm.postMs.toFixed(2)} ms/frame), mean |M_O| ${wasm.moving.toFixed(0)} px`);
console.log(`  ssp-studio job path (JPEG decode + flow + cache + M_O, 1 thread): ${jobFps.toFixed(1)} frames/s`);
if ('error' in native) {
  console.log(`  ${native.error}`);
} else {
  console.log(`  native OpenCV ${native.version} (cv2, 2 threads):  ${native.fps.toFixed(1)} frames/s, mean |M_O| ${native.moving.toFixed(0)} px`);
  console.log(`  ratio ssp-studio / native: ${(wasm.fps / native.fps).toFixed(2)}`);
}
console.log(`  goal >= 25 frames/s: ${wasm.fps >= 25 ? 'met' : 'NOT met'}`);
