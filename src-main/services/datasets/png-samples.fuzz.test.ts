import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { AppError } from '../../api/errors';
import { pngCrc } from '../../core/dataset/png-indices';
import { fuzz } from '../../core/test-fuzz-budget';
import { decodePngSamples } from './png-samples';

// Hostile bytes into the label PNG decoder: random files, and valid palette/grey PNGs of every bit depth that are
// truncated or have a bit flipped. The decoder must either return exactly what libvips (sharp) decodes, or throw a
// bad_input AppError; nothing else, and never hang (each property is bounded in time as well as runs).

interface Spec {
  width: number;
  height: number;
  colourType: 0 | 3;
  bitDepth: 1 | 2 | 4 | 8;
  /** Filtered scanlines as stored: per row a filter byte 0..4 and the row's bytes. */
  rows: Uint8Array;
  palette: Uint8Array;
}

const chunk = (type: string, data: Uint8Array) => {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(pngCrc(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
};

function encode(s: Spec): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(s.width, 0);
  ihdr.writeUInt32BE(s.height, 4);
  ihdr.set([s.bitDepth, s.colourType, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...(s.colourType === 3 ? [chunk('PLTE', s.palette)] : []),
    chunk('IDAT', zlib.deflateSync(s.rows)),
    chunk('IEND', new Uint8Array()),
  ]);
}

const spec: fc.Arbitrary<Spec> = fc
  .record({ width: fc.integer({ min: 1, max: 33 }), height: fc.integer({ min: 1, max: 17 }), colourType: fc.constantFrom(0 as const, 3 as const), bitDepth: fc.constantFrom(1 as const, 2 as const, 4 as const, 8 as const), seed: fc.integer() })
  .map(({ seed, ...s }) => {
    const stride = Math.ceil((s.width * s.bitDepth) / 8);
    let r = seed >>> 0;
    const next = () => ((r = (Math.imul(r, 1103515245) + 12345) >>> 0), r >>> 16);
    const rows = Uint8Array.from({ length: s.height * (stride + 1) }, (_, i) => (i % (stride + 1) === 0 ? next() % 5 : next() & 255));
    const palette = Uint8Array.from({ length: 3 << s.bitDepth }, () => next() & 255);
    return { ...s, rows, palette };
  });

/** What sharp decodes, or null when it refuses the file. */
async function sharpDecode(png: Uint8Array): Promise<{ width: number; height: number; data: Buffer; channels: number } | null> {
  try {
    const { data, info } = await sharp(png, { failOn: 'error' }).raw().toBuffer({ resolveWithObject: true });
    return { width: info.width, height: info.height, data, channels: info.channels };
  } catch {
    return null;
  }
}

/** Our samples as the colours sharp gives: palette entries, or grey levels scaled to 8 bits. */
function asColours(values: Uint8Array, png: Uint8Array, colourType: number, bitDepth: number): Buffer {
  if (colourType === 0) return Buffer.from(values.map((v) => (v * 255) / ((1 << bitDepth) - 1)));
  const at = Buffer.from(png.buffer, png.byteOffset, png.length).indexOf('PLTE') + 4;
  return Buffer.concat([...values].map((v) => Buffer.from(png.subarray(at + 3 * v, at + 3 * v + 3))));
}

let ours = 0;
async function check(png: Uint8Array, colourType: number, bitDepth: number): Promise<'decoded' | 'refused'> {
  let decoded: ReturnType<typeof decodePngSamples>;
  try {
    decoded = decodePngSamples(png, '/ds/labels/0.png');
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ code: 'bad_input', message: expect.stringContaining('0.png is not a readable label PNG'), details: { file: '/ds/labels/0.png' } });
    return 'refused';
  }
  ours++;
  const ref = await sharpDecode(png);
  expect(ref).not.toBeNull();
  expect([decoded.width, decoded.height]).toEqual([ref!.width, ref!.height]);
  // sharp may hand grey out as RGB: compare its first channel (grey) or first three (palette) per pixel.
  const per = colourType === 0 ? 1 : 3;
  const theirs = Buffer.concat(Array.from({ length: decoded.width * decoded.height }, (_, p) => ref!.data.subarray(p * ref!.channels, p * ref!.channels + per)));
  expect(asColours(decoded.values, png, colourType, bitDepth).equals(theirs)).toBe(true);
  return 'decoded';
}

describe('label PNG decoder fuzzing', () => {
  it('valid palette and grey PNGs of bit depth 1, 2, 4 and 8 decode to exactly what sharp decodes', async () => {
    await fuzz('label PNG, valid', fc.asyncProperty(spec, async (s) => {
      expect(await check(encode(s), s.colourType, s.bitDepth)).toBe('decoded');
    }), 300);
  });

  it('truncated or bit-flipped PNGs decode to what sharp decodes, or fail with bad_input', async () => {
    const mutated = spec.chain((s) => {
      const png = encode(s);
      return fc.tuple(
        fc.constant(s),
        fc.oneof(
          fc.integer({ min: 0, max: png.length - 1 }).map((n) => png.subarray(0, n)),
          fc.tuple(fc.integer({ min: 0, max: png.length - 1 }), fc.integer({ min: 0, max: 7 })).map(([at, bit]) => {
            const copy = Buffer.from(png);
            copy[at] ^= 1 << bit;
            return copy;
          }),
        ),
      );
    });
    await fuzz('label PNG, truncated/bit-flipped', fc.asyncProperty(mutated, async ([s, png]) => void (await check(png, s.colourType, s.bitDepth))), 1500);
  });

  it('random bytes, PNG-signed garbage and headers claiming huge sizes fail with bad_input', async () => {
    const signed = fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), b]));
    const huge = fc.tuple(fc.integer({ min: 1, max: 0xffffffff }), fc.integer({ min: 1, max: 0xffffffff })).map(([w, h]) => {
      const ihdr = Buffer.alloc(13);
      ihdr.writeUInt32BE(w, 0);
      ihdr.writeUInt32BE(h, 4);
      ihdr.set([8, 0, 0, 0, 0], 8);
      // A 64 KB zero stream, much smaller than the claimed image: must fail fast, not allocate the claim.
      return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(Buffer.alloc(1 << 16))), chunk('IEND', new Uint8Array())]);
    });
    await fuzz(
      'label PNG, random bytes',
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 400 }), signed, huge), async (bytes) => {
        const before = ours;
        await check(bytes, 0, 8);
        // A file that decodes here is a real image sharp agrees on; random bytes essentially never are.
        if (ours > before) expect(bytes.length).toBeGreaterThan(40);
      }),
      1500,
    );
  });
});
