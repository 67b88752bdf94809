import zlib from 'node:zlib';

// Shared framing of the flow/mask cache files: magic, version, then `header` uint32 values (LE), then a body,
// all deflated (level 1: these files are written once per video and read often, so speed beats size).

export function packCacheFile(magic: number, version: number, header: readonly number[], body: Uint8Array): Buffer {
  const head = Buffer.from(new Uint32Array([magic, version, ...header]).buffer);
  return zlib.deflateSync(Buffer.concat([head, body]), { level: 1 });
}

/** Returns the header values and the body (8-byte aligned copy, so typed views on it are safe). */
export function unpackCacheFile(file: Buffer, magic: number, version: number, headerLength: number, what: string): { header: number[]; body: ArrayBuffer } {
  let raw: Buffer;
  try {
    raw = zlib.inflateSync(file);
  } catch {
    throw new Error(`not an SSP ${what} cache file (or an older version)`);
  }
  const headBytes = 4 * (2 + headerLength);
  const head = raw.length >= headBytes ? new Uint32Array(new Uint8Array(raw.subarray(0, headBytes)).buffer) : null;
  if (!head || head[0] !== magic || head[1] !== version) throw new Error(`not an SSP ${what} cache file (or an older version)`);
  return { header: Array.from(head.subarray(2)), body: new Uint8Array(raw.subarray(headBytes)).buffer };
}
