import fs from 'node:fs';
import path from 'node:path';
import { parseAvssMetadata, type AvssMetaRow, type ItemError } from '../../core/dataset/avss-metadata';
import { parsePalette, PALETTE_FILE, type Rgb } from '../../core/dataset/palette';
import { isInside } from '../fs/confine';
import { checkAudio, checkedHeader, checkMaskShape, firstGap, numberedFiles, stampOf, statOrNull, VideoProblem } from './file-checks';
import type { DatasetIndex } from './index-dataset';
import { unreadVideo, type IndexedVideo } from './indexed-video';

interface FolderStats {
  dir: fs.Stats;
  frames: fs.Stats | null;
  labels: fs.Stats | null;
  /** labels_rgb, looked at only when there is no labels_semantic folder (the official loaders read the colour labels). */
  rgb: fs.Stats | null;
  audio: fs.Stats | null;
  /** Changes when files are added, removed or the audio is replaced: unchanged folders are not re-read. */
  stamp: string;
}

/** The stats a video folder is judged by; throws (ENOENT, ENAMETOOLONG…) when the folder itself is not there. */
export function folderStats(dir: string): FolderStats {
  const st = fs.lstatSync(dir);
  const labels = statOrNull(path.join(dir, 'labels_semantic'));
  const rgb = labels?.isDirectory() ? null : statOrNull(path.join(dir, 'labels_rgb'));
  const parts = { dir: st, frames: statOrNull(path.join(dir, 'frames')), labels, rgb, audio: statOrNull(path.join(dir, 'audio.wav')) };
  return { ...parts, stamp: stampOf([parts.dir, parts.frames, parts.labels, parts.audio, ...(rgb ? [rgb] : [])]) };
}

/** Reads one video folder of an AVSS dataset: frames, annotated frames, audio, and the checks that catch broken data. */
export function readAvssVideo(root: string, row: AvssMetaRow, ord: number, linkedSubset?: string): IndexedVideo {
  const rel = `${row.subset}/${row.uid}`;
  const dir = path.join(root, row.subset, row.uid);
  const classes = row.aObj.split(',').map((s) => s.trim()).filter(Boolean);
  const base = unreadVideo({ subset: row.subset, uid: row.uid, vid: row.vid, split: row.split, startSec: row.startSec, classes, ord });
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
    const frames = numberedFiles(path.join(dir, 'frames'), '', '.jpg');
    if (frames.length === 0) throw new VideoProblem(`${rel}/frames`, `${rel}/frames has no <t>.jpg frames.`, 'Extract the frames (1 fps, <t>.jpg from 0) into this folder.');
    const gap = firstGap(frames, 0);
    if (gap >= 0) throw new VideoProblem(`${rel}/frames`, `${rel}/frames is missing frame ${gap} (found ${frames.length} frames, numbered ${frames[0]}…${frames[frames.length - 1]}).`, 'Frames must be numbered 0..n-1 without gaps; re-extract them.');
    base.frames = frames.length;
    const frame0 = checkedHeader(path.join(dir, 'frames', '0.jpg'), `${rel}/frames/0.jpg`, 'Frame');
    base.width = frame0.width;
    base.height = frame0.height;
    const labelDir = st.labels?.isDirectory() ? 'labels_semantic' : st.rgb?.isDirectory() ? 'labels_rgb' : null;
    const labels = labelDir ? numberedFiles(path.join(dir, labelDir), '', '.png').filter((t) => t < frames.length) : [];
    base.labelFrames = labels;
    if (labelDir && labels.length) {
      const lrel = `${rel}/${labelDir}/${labels[0]}.png`;
      checkMaskShape(checkedHeader(path.join(dir, labelDir, `${labels[0]}.png`), lrel, 'Label'), frame0, lrel, labelDir === 'labels_rgb' ? 'colour' : 'index');
    }
    checkAudio(st.audio, `${rel}/audio.wav`);
    base.hasAudio = true;
    return base;
  } catch (e) {
    if (!(e instanceof VideoProblem)) throw e;
    return { ...base, error: e.item };
  }
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

/** The optional palette.json; a broken one is reported and the AVSBench palette used instead. */
function readPalette(root: string): { palette?: Rgb[]; error?: ItemError } {
  let text: string;
  try {
    text = fs.readFileSync(path.join(root, PALETTE_FILE), 'utf8');
  } catch {
    return {};
  }
  const r = parsePalette(text);
  return 'error' in r ? { error: r.error } : { palette: r.palette };
}

/**
 * Indexes an AVSS folder. `previous` holds last time's videos by "<subset>/<uid>"; a video whose folder fingerprint
 * is unchanged is taken from it without re-reading its files.
 */
export function indexAvss(root: string, previous: Map<string, IndexedVideo>, onVideo?: (done: number, total: number) => void): DatasetIndex {
  const metaFile = path.join(root, 'metadata.csv');
  let text: string;
  try {
    text = fs.readFileSync(metaFile, 'utf8');
  } catch (e) {
    return { classes: [], videos: [], errors: [], fatal: { file: 'metadata.csv', message: `metadata.csv cannot be read (${(e as NodeJS.ErrnoException).code}).`, fix: 'Check the file exists and is readable.' } };
  }
  const meta = parseAvssMetadata(text);
  const l2i = readLabel2Idx(root);
  const pal = readPalette(root);
  const errors = [...meta.errors, ...(l2i.error ? [l2i.error] : []), ...(pal.error ? [pal.error] : [])];
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
  return { classes: l2i.classes, palette: pal.palette, videos, errors };
}
