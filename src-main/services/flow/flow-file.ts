import type { FlowField } from '../../core/flow/types';
import { packCacheFile, unpackCacheFile } from './cache-file';

// On-disk cache of a video's T-1 flow fields: header count, width, height, then int16 (u, v) in 1/32 px
// (range +-1024 px, finer than any flow method's accuracy). A 320x180 pair is ~60 KB.
const MAGIC = 0x46505353; // "SSPF"
const VERSION = 1;
const STEPS_PER_PX = 32;

export function encodeFlows(fields: readonly FlowField[]): Buffer {
  const { width, height } = fields[0];
  const n = width * height * 2;
  const body = new Int16Array(n * fields.length);
  fields.forEach((f, k) => {
    if (f.width !== width || f.height !== height) throw new Error('all flow fields of a video must have one size');
    for (let i = 0; i < n; i++) body[k * n + i] = Math.max(-32767, Math.min(32767, Math.round(f.data[i] * STEPS_PER_PX)));
  });
  return packCacheFile(MAGIC, VERSION, [fields.length, width, height], new Uint8Array(body.buffer));
}

export function decodeFlows(file: Buffer): FlowField[] {
  const { header, body } = unpackCacheFile(file, MAGIC, VERSION, 3, 'flow');
  const [count, width, height] = header;
  const n = width * height * 2;
  const values = new Int16Array(body, 0, n * count);
  return Array.from({ length: count }, (_, k) => ({
    width,
    height,
    data: Float32Array.from(values.subarray(k * n, (k + 1) * n), (v) => v / STEPS_PER_PX),
  }));
}
