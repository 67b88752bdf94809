/** Image dimensions and pixel layout read from the first bytes of a file, without decoding it. */
export interface ImageHeader {
  format: 'png' | 'jpeg';
  width: number;
  height: number;
  /** Channels as stored: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA; for palette PNGs, 1 with `palette: true`. */
  channels: number;
  palette?: boolean;
}

const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Parses a PNG's IHDR (needs the first 33 bytes) or a JPEG's SOF marker (scans the given bytes); null if neither. */
export function readImageHeader(bytes: Uint8Array): ImageHeader | null {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= 26 && PNG_SIG.every((b, i) => bytes[i] === b)) {
    const colourType = bytes[25];
    if (!(colourType in PNG_CHANNELS)) return null;
    return { format: 'png', width: v.getUint32(16), height: v.getUint32(20), channels: PNG_CHANNELS[colourType], ...(colourType === 3 ? { palette: true } : {}) };
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    let off = 2;
    while (off + 9 < bytes.length) {
      if (bytes[off] !== 0xff) return null;
      const marker = bytes[off + 1];
      if (marker === 0xff) {
        off++;
        continue;
      }
      const len = v.getUint16(off + 2);
      // SOF0..SOF15 except DHT (C4), JPG (C8), DAC (CC) carry the frame size.
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { format: 'jpeg', height: v.getUint16(off + 5), width: v.getUint16(off + 7), channels: bytes[off + 9] };
      }
      off += 2 + len;
    }
  }
  return null;
}
