import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { avssPalette } from '../../core/metrics/avss-palette';
import { PALETTE_FILE } from '../../core/dataset/palette';
import { encodeWavPcm16 } from '../../core/audio/wav';
import { renderFrame } from '../../core/synthetic/render';
import { objectBox, planVideo, SYNTHETIC_CLASSES, toneHz, type VideoPlan } from '../../core/synthetic/scene-plan';
import { renderAudio, SAMPLE_RATE } from '../../core/synthetic/tones';

export interface SyntheticOptions {
  out: string;
  videos: number;
  seed: number;
  /** Frame side in px (square frames). */
  size?: number;
  /** Only metadata.csv and label2idx.json (benchmarks of indexing at AVSBench scale). */
  metadataOnly?: boolean;
  onProgress?: (done: number, total: number) => void;
}

/** What the generator knows about each video; written as <subset>/<uid>/synthetic.json for tests to assert on. */
export interface SyntheticTruth {
  seed: number;
  subset: string;
  uid: string;
  split: string;
  frames: number;
  size: number;
  objects: {
    className: string;
    classIndex: number;
    moving: boolean;
    sounding: boolean;
    toneHz: number;
    /** Bounding box per frame: [x, y, w, h] in px. */
    boxes: [number, number, number, number][];
  }[];
}

const csvField = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function metadataCsv(plans: VideoPlan[]): string {
  const rows = plans.map((p) => {
    const aObj = p.objects.filter((o) => o.sounding).map((o) => o.className).join(', ');
    return [p.vid, p.uid, '0', String(p.startSec), aObj, p.split, p.subset].map(csvField).join(',');
  });
  return ['vid,uid,s_min,s_sec,a_obj,split,label', ...rows].join('\n') + '\n';
}

export function truthOf(plan: VideoPlan, seed: number, size: number): SyntheticTruth {
  return {
    seed,
    subset: plan.subset,
    uid: plan.uid,
    split: plan.split,
    frames: plan.frames,
    size,
    objects: plan.objects.map((o) => ({
      className: o.className,
      classIndex: o.classIndex,
      moving: o.moving,
      sounding: o.sounding,
      toneHz: toneHz(o.classIndex),
      boxes: Array.from({ length: plan.frames }, (_, t) => {
        const b = objectBox(o, t, size);
        return [b.x, b.y, b.w, b.h] as [number, number, number, number];
      }),
    })),
  };
}

async function writeVideo(root: string, plan: VideoPlan, seed: number, size: number, palette: [number, number, number][]): Promise<void> {
  const dir = path.join(root, plan.subset, plan.uid);
  for (const sub of ['frames', 'labels_semantic', 'labels_rgb']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
  const raw = (channels: 1 | 3) => ({ raw: { width: size, height: size, channels } });
  for (let t = 0; t < plan.frames; t++) {
    const { rgb, label } = renderFrame(plan, t, size);
    const colour = new Uint8Array(size * size * 3);
    for (let p = 0; p < label.length; p++) colour.set(palette[label[p]], 3 * p);
    await Promise.all([
      sharp(rgb, raw(3)).jpeg({ quality: 92 }).toFile(path.join(dir, 'frames', `${t}.jpg`)),
      sharp(label, raw(1)).toColourspace('b-w').png().toFile(path.join(dir, 'labels_semantic', `${t}.png`)),
      sharp(colour, raw(3)).png().toFile(path.join(dir, 'labels_rgb', `${t}.png`)),
    ]);
  }
  fs.writeFileSync(path.join(dir, 'audio.wav'), encodeWavPcm16(renderAudio(plan, seed), SAMPLE_RATE));
  fs.writeFileSync(path.join(dir, 'synthetic.json'), JSON.stringify(truthOf(plan, seed, size)));
}

/**
 * Writes an AVSBench-semantic-shaped folder: metadata.csv, label2idx.json, and per video
 * <subset>/<uid>/{frames/<t>.jpg, labels_semantic/<t>.png, labels_rgb/<t>.png, audio.wav, synthetic.json}.
 * Deterministic: the same seed and options give the same files.
 */
export async function generateSyntheticDataset(opts: SyntheticOptions): Promise<{ root: string; videos: number }> {
  const size = opts.size ?? 224;
  const root = path.resolve(opts.out);
  fs.mkdirSync(root, { recursive: true });
  const plans = Array.from({ length: opts.videos }, (_, i) => planVideo(opts.seed, i, size));
  fs.writeFileSync(path.join(root, 'metadata.csv'), metadataCsv(plans));
  fs.writeFileSync(path.join(root, 'label2idx.json'), JSON.stringify(Object.fromEntries(SYNTHETIC_CLASSES.map((c, i) => [c, i])), null, 1));
  const palette = avssPalette(SYNTHETIC_CLASSES.length);
  fs.writeFileSync(path.join(root, PALETTE_FILE), JSON.stringify(palette));
  if (!opts.metadataOnly) {
    for (const [i, plan] of plans.entries()) {
      await writeVideo(root, plan, opts.seed, size, palette);
      opts.onProgress?.(i + 1, plans.length);
    }
  }
  return { root, videos: plans.length };
}
