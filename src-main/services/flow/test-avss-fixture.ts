import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { texturedFrame } from '../../core/flow/test-pattern';
import type { RgbImage } from '../../core/flow/types';
import { encodeWavPcm16 } from '../../core/audio/wav';

// A tiny dataset in the AVSS layout for the flow tests: one video with a moving and a stationary textured object
// (both labelled as sounding), plus the bad inputs the job must survive (a one-frame video, frames of two sizes).

export const FIXTURE = { width: 160, height: 120, frames: 5, box: 36, speed: 5 };

export interface FixtureObject {
  label: number;
  moving: boolean;
  /** Top-left corner of the object's box in frame t. */
  at(t: number): { x: number; y: number };
}

export const OBJECTS: FixtureObject[] = [
  { label: 1, moving: true, at: (t) => ({ x: 20 + FIXTURE.speed * t, y: 50 }) },
  { label: 2, moving: false, at: () => ({ x: 110, y: 16 }) },
];

function paint(frame: RgbImage, obj: FixtureObject, t: number, labels: Uint8Array): void {
  const { x: x0, y: y0 } = obj.at(t);
  // The object carries its own texture, moving with it (sampled relative to its corner).
  const tex = texturedFrame(FIXTURE.box, FIXTURE.box, obj.label * 13, obj.label * 7);
  for (let y = 0; y < FIXTURE.box; y++) {
    for (let x = 0; x < FIXTURE.box; x++) {
      const i = (y0 + y) * frame.width + (x0 + x);
      const j = 3 * (y * FIXTURE.box + x);
      frame.data.set([tex.data[j + 2], 255 - tex.data[j], tex.data[j + 1]], 3 * i);
      labels[i] = obj.label;
    }
  }
}

async function writeVideo(root: string, subset: string, uid: string, sizes: [number, number][], withLabels: boolean, still = false): Promise<void> {
  const dir = path.join(root, subset, uid);
  fs.mkdirSync(dir, { recursive: true });
  // One second of silence per frame: the catalog wants every video's audio.
  fs.writeFileSync(path.join(dir, 'audio.wav'), encodeWavPcm16(new Float32Array(16_000 * sizes.length), 16_000));
  fs.mkdirSync(path.join(dir, 'frames'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'labels_semantic'), { recursive: true });
  for (let t = 0; t < sizes.length; t++) {
    const [width, height] = sizes[t];
    const frame = texturedFrame(width, height);
    const labels = new Uint8Array(width * height);
    for (const obj of OBJECTS) paint(frame, obj, still ? 0 : t, labels);
    await sharp(frame.data, { raw: { width, height, channels: 3 } }).jpeg({ quality: 95 }).toFile(path.join(dir, 'frames', `${t}.jpg`));
    if (withLabels) await sharp(labels, { raw: { width, height, channels: 1 } }).toColourspace('b-w').png().toFile(path.join(dir, 'labels_semantic', `${t}.png`));
  }
}

/** Writes the fixture dataset under `root`: v2/moving, v2/still (nothing moves), v1s/single (1 frame), v1s/mixed (two sizes). */
export async function writeFlowFixture(root: string) {
  const size: [number, number] = [FIXTURE.width, FIXTURE.height];
  await writeVideo(root, 'v2', 'moving', Array(FIXTURE.frames).fill(size), true);
  await writeVideo(root, 'v1s', 'single', [size], true);
  await writeVideo(root, 'v1s', 'mixed', [size, size, [FIXTURE.width + 8, FIXTURE.height]], false);
  await writeVideo(root, 'v2', 'still', Array(3).fill(size), true, true);
  fs.writeFileSync(
    path.join(root, 'metadata.csv'),
    ['vid,uid,s_min,s_sec,a_obj,split,label', 'a,moving,0,0,"car,dog",test,v2', 'b,single,0,0,dog,test,v1s', 'c,mixed,0,0,dog,test,v1s', 'd,still,0,0,dog,train,v2'].join('\n') + '\n',
  );
  fs.writeFileSync(path.join(root, 'label2idx.json'), JSON.stringify({ background: 0, car: 1, dog: 2 }));
}
