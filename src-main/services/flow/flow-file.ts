import zlib from 'node:zlib';
import type { FlowField } from '../../core/flow/types';

// On-disk cache of a video's T-1 flow fields: "SSPF", version, count, width, height (uint32 LE), then int16 (u, v)
// in 1/32 px (range +-1024 px, finer than any flow method's accuracy), all deflated. A 320x180 pair is ~60 KB.
const MAGIC = 0x46505353; // "SSPF"
const VERSION = 1;
const STEPS_PER_PX = 32;

export function encodeFlows(fields: readonly FlowField[]): Buffer {
  const { width, height } = fields[0];
  const n = width * height * 2;
  const header = new Uint32Array([MAGIC, VERSION, fields.length, width, height]);
  const body = new Int16Array(n * fields.length);
  fields.forEach((f, k) => {
    if (f.width !== width || f.height !== height) throw new Error('all flow fields of a video must have one size');
    for (let i = 0; i < n; i++) body[k * n + i] = Math.max(-32767, Math.min(32767, Math.round(f.data[i] * STEPS_PER_PX)));
  });
  return zlib.deflateSync(Buffer.concat([Buffer.from(header.buffer), Buffer.from(body.buffer)]), { level: 1 });
}

export function decodeFlows(file: Buffer): FlowField[] {
  const raw = zlib.inflateSync(file);
  const header = new Uint32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + 20));
  if (header[0] !== MAGIC || header[1] !== VERSION) throw new Error('not an SSP flow cache file (or an older version)');
  const [, , count, width, height] = header;
  const n = width * height * 2;
  const body = new Int16Array(raw.buffer.slice(raw.byteOffset + 20, raw.byteOffset + 20 + n * count * 2));
  return Array.from({ length: count }, (_, k) => ({
    width,
    height,
    data: Float32Array.from(body.subarray(k * n, (k + 1) * n), (v) => v / STEPS_PER_PX),
  }));
}
