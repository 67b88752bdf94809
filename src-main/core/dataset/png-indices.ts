/**
 * The stored sample values of a palette (or grey) PNG — for a palette PNG, the palette index per pixel — which image
 * libraries hide by expanding palettes to colours. Pure: the caller inflates the zlib stream (node:zlib).
 */
export interface PngLayout {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  interlaced: boolean;
  /** The IDAT chunks' bytes, concatenated (still deflated). */
  idat: Uint8Array;
}

const SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 of a chunk's type + data, as PNG stores it after each chunk. */
export function pngCrc(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 255] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The chunks of a PNG, checked: IHDR first, every CRC right, nothing past the end, IEND present. */
export function readPngLayout(bytes: Uint8Array): PngLayout {
  if (bytes.length < 33 || SIG.some((b, i) => bytes[i] !== b)) throw new Error('not a PNG');
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: Uint8Array[] = [];
  let off = 8;
  let ended = false;
  while (!ended && off + 8 <= bytes.length) {
    const len = v.getUint32(off);
    const type = String.fromCharCode(...bytes.subarray(off + 4, off + 8));
    if (off + 12 + len > bytes.length) throw new Error(`chunk ${JSON.stringify(type)} runs past the end of the file (truncated)`);
    if (off === 8 && (type !== 'IHDR' || len !== 13)) throw new Error('the first chunk is not a 13-byte IHDR');
    if (pngCrc(bytes.subarray(off + 4, off + 8 + len)) !== v.getUint32(off + 8 + len)) throw new Error(`chunk ${JSON.stringify(type)} has a wrong CRC (corrupt file)`);
    if (type === 'IDAT') parts.push(bytes.subarray(off + 8, off + 8 + len));
    ended = type === 'IEND';
    off += 12 + len;
  }
  if (!parts.length) throw new Error('no image data (IDAT)');
  if (!ended) throw new Error('no IEND chunk (truncated)');
  const idat = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (idat.set(p, at), at + p.length), 0);
  return { width: v.getUint32(16), height: v.getUint32(20), bitDepth: bytes[24], colourType: bytes[25], interlaced: bytes[28] === 1, idat };
}

const paeth = (a: number, b: number, c: number) => {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
};

/** Throws unless the header describes what pngSampleValues reads: non-interlaced, palette or grey, bit depth 1, 2, 4 or 8. */
export function assertOneSamplePng({ bitDepth, colourType, interlaced }: Pick<PngLayout, 'bitDepth' | 'colourType' | 'interlaced'>): void {
  if (interlaced) throw new Error('interlaced (Adam7) PNGs are not supported');
  if ((colourType !== 3 && colourType !== 0) || ![1, 2, 4, 8].includes(bitDepth)) throw new Error(`colour type ${colourType} / bit depth ${bitDepth} is not supported (only one-sample-per-pixel grey or palette images)`);
}

/** One value per pixel from the inflated scanlines of a single-sample PNG (palette or grey; bit depth 1, 2, 4 or 8). */
export function pngSampleValues(layout: PngLayout, inflated: Uint8Array): Uint8Array {
  const { width, height, bitDepth } = layout;
  assertOneSamplePng(layout);
  const stride = Math.ceil((width * bitDepth) / 8);
  if (inflated.length < height * (stride + 1)) throw new Error('image data is shorter than the image (truncated)');
  const out = new Uint8Array(width * height);
  let prev = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = inflated[y * (stride + 1)];
    const line = inflated.slice(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i > 0 ? line[i - 1] : 0; // bytes per pixel is 1 for every depth here
      const b = prev[i];
      const c = i > 0 ? prev[i - 1] : 0;
      if (filter === 1) line[i] = (line[i] + a) & 255;
      else if (filter === 2) line[i] = (line[i] + b) & 255;
      else if (filter === 3) line[i] = (line[i] + ((a + b) >> 1)) & 255;
      else if (filter === 4) line[i] = (line[i] + paeth(a, b, c)) & 255;
      else if (filter !== 0) throw new Error(`unknown scanline filter ${filter}`);
    }
    const perByte = 8 / bitDepth;
    const mask = (1 << bitDepth) - 1;
    for (let x = 0; x < width; x++) {
      const shift = 8 - bitDepth * ((x % perByte) + 1);
      out[y * width + x] = (line[Math.floor(x / perByte)] >> shift) & mask;
    }
    prev = line;
  }
  return out;
}
