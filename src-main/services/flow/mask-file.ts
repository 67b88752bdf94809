import type { BinaryMask } from '../../core/masks/types';
import { packCacheFile, unpackCacheFile } from './cache-file';

// On-disk cache of a video's T motion masks M_O at the frames' native size: header count, width, height, then
// the per-frame threshold levels (float32) and one byte (0/1) per pixel; deflate shrinks the bytes ~50x.
const MAGIC = 0x4d505353; // "SSPM"
const VERSION = 1;

export interface MaskStack {
  levels: number[];
  masks: BinaryMask[];
}

export function encodeMasks({ levels, masks }: MaskStack): Buffer {
  const { width, height } = masks[0];
  const n = width * height;
  const body = new Uint8Array(4 * masks.length + n * masks.length);
  new Float32Array(body.buffer, 0, masks.length).set(levels);
  masks.forEach((m, k) => {
    if (m.width !== width || m.height !== height) throw new Error('all masks of a video must have one size');
    body.set(m.data, 4 * masks.length + k * n);
  });
  return packCacheFile(MAGIC, VERSION, [masks.length, width, height], body);
}

export function decodeMasks(file: Buffer): MaskStack {
  const { header, body } = unpackCacheFile(file, MAGIC, VERSION, 3, 'mask');
  const [count, width, height] = header;
  const n = width * height;
  return {
    levels: Array.from(new Float32Array(body, 0, count)),
    masks: Array.from({ length: count }, (_, k) => ({ width, height, data: new Uint8Array(body.slice(4 * count + k * n, 4 * count + (k + 1) * n)) })),
  };
}
