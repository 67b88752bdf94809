import fs from 'node:fs';
import { readImageHeader, type ImageHeader } from '../../core/dataset/image-header';
import type { ItemError } from '../../core/dataset/avss-metadata';

/** A problem with one video: reported against that video (file + fix), never thrown past the reader. */
export class VideoProblem extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly fix: string,
  ) {
    super(message);
  }

  get item(): ItemError {
    return { file: this.file, message: this.message, fix: this.fix };
  }
}

// One buffer for all header reads: a PNG's IHDR is in the first 33 bytes, a JPEG's SOF almost always in the first
// 4 KiB (a second, larger read covers files with big EXIF/ICC blocks).
const headBuf = Buffer.alloc(64 * 1024);

const NOT_A_FILE = 'not a regular file';

function readHead(file: string, n: number): Uint8Array {
  // Non-blocking open: a FIFO in place of an image must not stall indexing waiting for a writer.
  const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    if (!fs.fstatSync(fd).isFile()) throw Object.assign(new Error(`${file} is ${NOT_A_FILE}`), { code: NOT_A_FILE });
    return headBuf.subarray(0, fs.readSync(fd, headBuf, 0, n, 0));
  } finally {
    fs.closeSync(fd);
  }
}

/** The image header of a frame/mask, or a VideoProblem saying why it cannot be used. */
export function checkedHeader(file: string, rel: string, what: string): ImageHeader {
  let h: ImageHeader | null;
  try {
    h = readImageHeader(readHead(file, 4096)) ?? readImageHeader(readHead(file, headBuf.length));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new VideoProblem(rel, `${what} ${rel} cannot be read (${code ?? 'error'}).`, code === 'EACCES' ? `Give the app read permission: chmod a+r "${rel}".` : code === NOT_A_FILE ? 'Put the image file itself there (this is a folder, pipe or device).' : 'Check the file exists and is readable.');
  }
  if (!h) throw new VideoProblem(rel, `${what} ${rel} is not a readable PNG/JPEG (empty, truncated or another format).`, 'Re-extract this file from the original video / dataset archive.');
  return h;
}

/** Numbers k of the files in `dir` named `<prefix><k><suffix>` (other names ignored), ascending. */
export function numberedFiles(dir: string, prefix: string, suffix: string): number[] {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`^${esc(prefix)}(\\d+)${esc(suffix)}$`, 'i');
  const out: number[] = [];
  for (const name of fs.readdirSync(dir)) {
    const m = re.exec(name);
    if (m) out.push(Number(m[1]));
  }
  return out.sort((a, b) => a - b);
}

/** First index missing from a run that must be first, first+1, …; -1 when there is no gap. */
export function firstGap(numbers: number[], first: number): number {
  const i = numbers.findIndex((n, k) => n !== first + k);
  return i < 0 ? -1 : first + i;
}

/** A mask must have the frame's size; index and binary masks must be single-sample (colour labels map through the palette). */
export function checkMaskShape(mask: ImageHeader, frame: ImageHeader, rel: string, expect: 'index' | 'binary' | 'colour'): void {
  // A palette PNG stores one index per pixel: fine for index labels (handed out as grey PNGs by colour-labels.ts).
  if (expect !== 'colour' && mask.channels !== 1) {
    const fix = expect === 'index' ? 'Use the labels_semantic PNGs from AVSBench (or convert labels_rgb with the palette to indices).' : 'Masks are single-channel PNGs (object = nonzero); convert the colour image to grey.';
    throw new VideoProblem(rel, `${rel} is a colour image; ${expect === 'index' ? 'labels_semantic must hold 8-bit class indices' : 'a mask must be single-channel'}.`, fix);
  }
  if (mask.width !== frame.width || mask.height !== frame.height) {
    throw new VideoProblem(rel, `${rel} is ${mask.width}×${mask.height} but the frames are ${frame.width}×${frame.height}.`, 'Masks must have the frame size; re-export the mask at the frame resolution.');
  }
}

export const statOrNull = (p: string): fs.Stats | null => fs.statSync(p, { throwIfNoEntry: false }) ?? null;

/** Fingerprint of a set of paths (missing ones included): unchanged fingerprint = nothing to re-read. */
export const stampOf = (stats: (fs.Stats | null)[]): string => stats.map((x) => (x ? `${x.mtimeMs}:${x.size}` : '-')).join('|');

export const AUDIO_FIX = 'Re-extract the audio: ffmpeg -i video -vn -ac 1 -ar 16000 audio.wav';

/** A wav next to the frames must exist and hold samples. */
export function checkAudio(st: fs.Stats | null, rel: string): void {
  if (!st) throw new VideoProblem(rel, `${rel} is missing.`, AUDIO_FIX);
  if (st.size <= 44) throw new VideoProblem(rel, `${rel} holds no audio samples.`, AUDIO_FIX);
}
