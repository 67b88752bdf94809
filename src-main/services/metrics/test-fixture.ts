import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { encodeWavPcm16 } from '../../core/audio/wav';

// A small AVSS-layout dataset with GT and prediction folders, written from a seeded generator, for the metrics
// tests and e2e. The arrays written are returned too, so tests can score them with the reference code directly.

export interface FixtureVideo {
  subset: string;
  uid: string;
  gt: Uint8Array[];
  /** Class-index predictions of the two "models" (B noisier), and byte probabilities of A. */
  predA: Uint8Array[];
  predB: Uint8Array[];
  probA: Uint8Array[];
}

export interface MetricsFixture {
  root: string;
  /** Index-PNG prediction folders; B lacks the last video. */
  predA: string;
  predB: string;
  /** Probability-PNG folder of A for binary evaluation. */
  probA: string;
  size: number;
  classes: string[];
  videos: FixtureVideo[];
}

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const png = (data: Uint8Array, size: number, file: string) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return sharp(data, { raw: { width: size, height: size, channels: 1 } }).toColourspace('b-w').png().toFile(file);
};

export async function writeMetricsFixture(dir: string, opts: { videos?: number; size?: number; seed?: number } = {}): Promise<MetricsFixture> {
  const { videos: n = 6, size = 24, seed = 7 } = opts;
  const rand = rng(seed);
  const classes = ['background', 'car', 'dog', 'piano'];
  const fx: MetricsFixture = { root: path.join(dir, 'dataset'), predA: path.join(dir, 'predA'), predB: path.join(dir, 'predB'), probA: path.join(dir, 'probA'), size, classes, videos: [] };
  const rows = ['vid,uid,s_min,s_sec,a_obj,split,label'];
  const silence = encodeWavPcm16(new Float32Array(16_000), 16_000);
  const jpeg = await sharp({ create: { width: size, height: size, channels: 3, background: { r: 90, g: 90, b: 90 } } }).jpeg().toBuffer();
  const noisy = (gt: Uint8Array, p: number) => Uint8Array.from(gt, (g) => (rand() < p ? Math.floor(rand() * classes.length) : g === 255 ? 0 : g));
  for (let v = 0; v < n; v++) {
    const subset = v % 2 ? 'v2' : 'v1m';
    const uid = `vid${v}`;
    const frames = subset === 'v2' ? 4 : 3;
    const video: FixtureVideo = { subset, uid, gt: [], predA: [], predB: [], probA: [] };
    for (let t = 0; t < frames; t++) {
      const gt = new Uint8Array(size * size);
      // Frame 0 of every third video has no sounding object (empty GT); others a box of one class.
      if (!(v % 3 === 0 && t === 0)) {
        const c = 1 + ((v + t) % (classes.length - 1));
        const [x0, y0, w] = [Math.floor(rand() * size / 2), Math.floor(rand() * size / 2), 4 + Math.floor(rand() * size / 2)];
        for (let y = y0; y < Math.min(size, y0 + w); y++) for (let x = x0; x < Math.min(size, x0 + w); x++) gt[y * size + x] = c;
      }
      if (v === 1 && t === 1) gt.fill(255, 0, size); // one ignore row
      video.gt.push(gt);
      video.predA.push(noisy(gt, 0.1));
      video.predB.push(noisy(gt, 0.35));
      video.probA.push(Uint8Array.from(gt, (g) => Math.max(0, Math.min(255, (g > 0 ? 170 : 60) + Math.round((rand() - 0.5) * 200)))));
    }
    fx.videos.push(video);
    rows.push(`y${v},${uid},0,0,${classes[1 + (v % 3)]},test,${subset}`);
    const base = path.join(fx.root, subset, uid);
    fs.mkdirSync(path.join(base, 'frames'), { recursive: true });
    fs.writeFileSync(path.join(base, 'audio.wav'), silence);
    for (let t = 0; t < frames; t++) {
      fs.writeFileSync(path.join(base, 'frames', `${t}.jpg`), jpeg);
      await png(video.gt[t], size, path.join(base, 'labels_semantic', `${t}.png`));
      await png(video.predA[t], size, path.join(fx.predA, subset, uid, `${t}.png`));
      await png(video.probA[t], size, path.join(fx.probA, subset, uid, `${t}.png`));
      if (v < n - 1) await png(video.predB[t], size, path.join(fx.predB, subset, uid, `${t}.png`));
    }
  }
  fs.writeFileSync(path.join(fx.root, 'metadata.csv'), rows.join('\n') + '\n');
  fs.writeFileSync(path.join(fx.root, 'label2idx.json'), JSON.stringify(Object.fromEntries(classes.map((c, i) => [c, i]))));
  return fx;
}
