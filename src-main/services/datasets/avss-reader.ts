import fs from 'node:fs';
import path from 'node:path';
import { parseAvssMetadata, type AvssMetaRow, type ItemError } from '../../core/dataset/avss-metadata';
import { readImageHeader, type ImageHeader } from '../../core/dataset/image-header';
import { isInside } from '../fs/confine';
import type { IndexedVideo } from './indexed-video';

// One buffer for all header reads: a PNG's IHDR is in the first 33 bytes, a JPEG's SOF almost always in the first
// 4 KiB (a second, larger read covers files with big EXIF/ICC blocks).
const headBuf = Buffer.alloc(64 * 1024);

function readHead(file: string, n: number): Uint8Array {
  const fd = fs.openSync(file, 'r');
  try {
    return headBuf.subarray(0, fs.readSync(fd, headBuf, 0, n, 0));
  } finally {
    fs.closeSync(fd);
  }
}

/** Frame/label indices of `<t>.<ext>` files in a folder; other names are ignored. */
function indexedFiles(dir: string, ext: string): number[] {
  const re = new RegExp(`^(\\d+)\\.${ext}$`, 'i');
  const out: number[] = [];
  for (const name of fs.readdirSync(dir)) {
    const m = re.exec(name);
    if (m) out.push(Number(m[1]));
  }
  return out.sort((a, b) => a - b);
}

const statOrNull = (p: string) => fs.statSync(p, { throwIfNoEntry: false }) ?? null;

interface FolderStats {
  dir: fs.Stats;
  frames: fs.Stats | null;
  labels: fs.Stats | null;
  audio: fs.Stats | null;
  /** Changes when files are added, removed or the audio is replaced: unchanged folders are not re-read. */
  stamp: string;
}

/** The stats a video folder is judged by; throws (ENOENT, ENAMETOOLONG…) when the folder itself is not there. */
export function folderStats(dir: string): FolderStats {
  const st = fs.lstatSync(dir);
  const parts = { dir: st, frames: statOrNull(path.join(dir, 'frames')), labels: statOrNull(path.join(dir, 'labels_semantic')), audio: statOrNull(path.join(dir, 'audio.wav')) };
  const stamp = [parts.dir, parts.frames, parts.labels, parts.audio].map((x) => (x ? `${x.mtimeMs}:${x.size}` : '-')).join('|');
  return { ...parts, stamp };
}

class VideoProblem extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly fix: string,
  ) {
    super(message);
  }
}

function checkedHeader(file: string, rel: string, what: string): ImageHeader {
  let h: ImageHeader | null;
  try {
    h = readImageHeader(readHead(file, 4096)) ?? readImageHeader(readHead(file, headBuf.length));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new VideoProblem(rel, `${what} ${rel} cannot be read (${code ?? 'error'}).`, code === 'EACCES' ? `Give the app read permission: chmod a+r "${rel}".` : 'Check the file exists and is readable.');
  }
  if (!h) throw new VideoProblem(rel, `${what} ${rel} is not a readable PNG/JPEG (empty, truncated or another format).`, 'Re-extract this file from the original video / dataset archive.');
  return h;
}

/** Reads one video folder of an AVSS dataset: frames, annotated frames, audio, and the checks that catch broken data. */
export function readAvssVideo(root: string, row: AvssMetaRow, ord: number, linkedSubset?: string): IndexedVideo {
  const rel = `${row.subset}/${row.uid}`;
  const dir = path.join(root, row.subset, row.uid);
  const classes = row.aObj.split(',').map((s) => s.trim()).filter(Boolean);
  const base: IndexedVideo = {
    subset: row.subset,
    uid: row.uid,
    vid: row.vid,
    split: row.split,
    startSec: row.startSec,
    classes,
    frames: 0,
    labelFrames: [],
    width: null,
    height: null,
    hasAudio: false,
    stamp: null,
    error: null,
    ord,
  };
  try {
    if (linkedSubset) throw new VideoProblem(row.subset, `The subset folder ${row.subset} is a link to a folder outside the dataset (${linkedSubset}).`, 'Copy the subset folder into the dataset instead of linking it.');
    let st: FolderStats;
    try {
      st = folderStats(dir);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENAMETOOLONG') throw new VideoProblem(rel, `The folder name of ${rel.slice(0, 80)}… is too long for this file system.`, 'Shorten the uid in metadata.csv and rename its folder.');
      throw new VideoProblem(rel, `The folder ${rel} listed in metadata.csv does not exist.`, `Restore the folder, or remove the row for ${row.uid} from metadata.csv.`);
    }
    if (st.dir.isSymbolicLink()) {
      const real = fs.realpathSync(dir);
      if (!isInside(root, real)) throw new VideoProblem(rel, `${rel} is a link to a folder outside the dataset (${real}).`, 'Copy the video folder into the dataset instead of linking it.');
    }
    base.stamp = st.stamp;
    if (!st.frames?.isDirectory()) throw new VideoProblem(`${rel}/frames`, `${rel}/frames is missing.`, 'Extract the frames (1 fps, <t>.jpg from 0) into this folder.');
    const frames = indexedFiles(path.join(dir, 'frames'), 'jpg');
    if (frames.length === 0) throw new VideoProblem(`${rel}/frames`, `${rel}/frames has no <t>.jpg frames.`, 'Extract the frames (1 fps, <t>.jpg from 0) into this folder.');
    const gaps = frames.map((f, i) => (f === i ? -1 : i)).filter((i) => i >= 0);
    if (gaps.length) throw new VideoProblem(`${rel}/frames`, `${rel}/frames is missing frame ${gaps[0]} (found ${frames.length} frames, numbered ${frames[0]}…${frames[frames.length - 1]}).`, 'Frames must be numbered 0..n-1 without gaps; re-extract them.');
    base.frames = frames.length;
    const frame0 = checkedHeader(path.join(dir, 'frames', '0.jpg'), `${rel}/frames/0.jpg`, 'Frame');
    base.width = frame0.width;
    base.height = frame0.height;
    const labels = st.labels?.isDirectory() ? indexedFiles(path.join(dir, 'labels_semantic'), 'png').filter((t) => t < frames.length) : [];
    base.labelFrames = labels;
    if (labels.length) {
      const lrel = `${rel}/labels_semantic/${labels[0]}.png`;
      const lh = checkedHeader(path.join(dir, 'labels_semantic', `${labels[0]}.png`), lrel, 'Label');
      if (lh.channels !== 1 || lh.palette) {
        throw new VideoProblem(lrel, `${lrel} is a colour image; labels_semantic must hold 8-bit class indices.`, 'Use the labels_semantic PNGs from AVSBench (or convert labels_rgb with the palette to indices).');
      }
      if (lh.width !== frame0.width || lh.height !== frame0.height) {
        throw new VideoProblem(lrel, `${lrel} is ${lh.width}×${lh.height} but the frames are ${frame0.width}×${frame0.height}.`, 'Masks must have the frame size; re-export the mask at the frame resolution.');
      }
    }
    const fix = 'Re-extract the audio: ffmpeg -i video -vn -ac 1 -ar 16000 audio.wav';
    if (!st.audio) throw new VideoProblem(`${rel}/audio.wav`, `${rel}/audio.wav is missing.`, fix);
    if (st.audio.size <= 44) throw new VideoProblem(`${rel}/audio.wav`, `${rel}/audio.wav holds no audio samples.`, fix);
    base.hasAudio = true;
    return base;
  } catch (e) {
    if (!(e instanceof VideoProblem)) throw e;
    return { ...base, error: { file: e.file, message: e.message, fix: e.fix } };
  }
}

export interface AvssIndex {
  classes: string[];
  videos: IndexedVideo[];
  errors: ItemError[];
  fatal?: ItemError;
}

/** Parses label2idx.json into class names by index (gaps named class_<k>). */
export function readLabel2Idx(root: string): { classes: string[]; error?: ItemError } {
  const file = path.join(root, 'label2idx.json');
  if (!fs.existsSync(file)) return { classes: [] };
  try {
    const map = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    const entries = Object.entries(map).filter((e): e is [string, number] => Number.isInteger(e[1]) && (e[1] as number) >= 0 && (e[1] as number) < 256);
    if (entries.length === 0) throw new Error('no name → index entries');
    const classes = Array.from({ length: Math.max(...entries.map((e) => e[1])) + 1 }, (_, k) => `class_${k}`);
    for (const [name, k] of entries) classes[k] = name;
    return { classes };
  } catch (e) {
    return { classes: [], error: { file: 'label2idx.json', message: `label2idx.json is not valid: ${(e as Error).message}.`, fix: 'Restore label2idx.json from the AVSBench download (a JSON object: class name → index).' } };
  }
}

/**
 * Indexes an AVSS folder. `previous` holds last time's videos by "<subset>/<uid>"; a video whose folder fingerprint
 * is unchanged is taken from it without re-reading its files.
 */
export function indexAvss(root: string, previous: Map<string, IndexedVideo>, onVideo?: (done: number, total: number) => void): AvssIndex {
  const metaFile = path.join(root, 'metadata.csv');
  let text: string;
  try {
    text = fs.readFileSync(metaFile, 'utf8');
  } catch (e) {
    return { classes: [], videos: [], errors: [], fatal: { file: 'metadata.csv', message: `metadata.csv cannot be read (${(e as NodeJS.ErrnoException).code}).`, fix: 'Check the file exists and is readable.' } };
  }
  const meta = parseAvssMetadata(text);
  const l2i = readLabel2Idx(root);
  const errors = [...meta.errors, ...(l2i.error ? [l2i.error] : [])];
  if (meta.fatal) return { classes: l2i.classes, videos: [], errors, fatal: meta.fatal };
  // A subset folder that links outside the root makes all of its videos unusable; resolve each subset once.
  const rootReal = fs.realpathSync(root);
  const outside = new Map<string, string | undefined>();
  for (const subset of new Set(meta.rows.map((r) => r.subset))) {
    const real = fs.existsSync(path.join(root, subset)) ? fs.realpathSync(path.join(root, subset)) : undefined;
    outside.set(subset, real && !isInside(rootReal, real) ? real : undefined);
  }
  const videos = meta.rows.map((row, i) => {
    const prev = previous.get(`${row.subset}/${row.uid}`);
    let video: IndexedVideo | undefined;
    if (prev?.stamp && !outside.get(row.subset)) {
      try {
        if (folderStats(path.join(root, row.subset, row.uid)).stamp === prev.stamp) video = { ...prev, vid: row.vid, split: row.split, startSec: row.startSec, ord: i };
      } catch {
        // gone since last time: read again to report it
      }
    }
    video ??= readAvssVideo(root, row, i, outside.get(row.subset));
    onVideo?.(i + 1, meta.rows.length);
    return video;
  });
  return { classes: l2i.classes, videos, errors };
}
