import fs from 'node:fs';
import path from 'node:path';
import { parseObjectMetadata, type ObjectMetaRow } from '../../core/dataset/object-metadata';
import { checkAudio, checkedHeader, checkMaskShape, firstGap, numberedFiles, stampOf, statOrNull, VideoProblem } from './file-checks';
import { isInside } from '../fs/confine';
import { unreadVideo, type IndexedVideo } from './indexed-video';
import { OBJECT_META, objectSubset, objectVideoPaths, type ObjectFormat } from './object-layout';
import type { DatasetIndex } from './index-dataset';

function videoStats(root: string, format: ObjectFormat, subset: string, name: string) {
  const p = objectVideoPaths(format, subset, name);
  const frames = statOrNull(path.join(root, p.frameDir));
  const masks = statOrNull(path.join(root, p.maskDir));
  const audio = statOrNull(path.join(root, p.audio));
  return { p, frames, masks, audio, stamp: stampOf([frames, masks, audio]) };
}

/** Reads one AVSBench-object video: numbered PNG frames, binary masks, the wav; broken data becomes `error`. */
export function readObjectVideo(root: string, format: ObjectFormat, row: ObjectMetaRow, ord: number): IndexedVideo {
  const subset = objectSubset(format, row.split, row.category);
  const base = unreadVideo({ subset, uid: row.name, vid: row.name, split: row.split, startSec: 0, classes: row.category ? [row.category] : [], ord });
  try {
    let st: ReturnType<typeof videoStats>;
    try {
      st = videoStats(root, format, subset, row.name);
    } catch (e) {
      const rel = objectVideoPaths(format, subset, row.name).frameDir;
      throw new VideoProblem(rel, `The path of ${rel.slice(0, 120)}… cannot be used (${(e as NodeJS.ErrnoException).code ?? 'error'}).`, 'Shorten the video name in the metadata and rename its files.');
    }
    const { p } = st;
    base.stamp = st.stamp;
    const fix = `Extract the frames (1 fps) as ${p.framePrefix}1.png … into ${p.frameDir}.`;
    if (!st.frames?.isDirectory()) throw new VideoProblem(p.frameDir, `${p.frameDir} is missing.`, fix);
    const real = fs.realpathSync(path.join(root, p.frameDir));
    if (!isInside(fs.realpathSync(root), real)) throw new VideoProblem(p.frameDir, `${p.frameDir} is a link to a folder outside the dataset (${real}).`, 'Copy the frames into the dataset instead of linking them.');
    const ks = numberedFiles(path.join(root, p.frameDir), p.framePrefix, '.png');
    if (ks.length === 0) throw new VideoProblem(p.frameDir, `${p.frameDir} has no ${p.framePrefix}<k>.png frames.`, fix);
    const gap = firstGap(ks, 1);
    if (gap >= 0) throw new VideoProblem(p.frameDir, `${p.frameDir} is missing frame ${p.framePrefix}${gap}.png (found ${ks.length} frames).`, 'Frames must be numbered 1..n without gaps; re-extract them.');
    base.frames = ks.length;
    const frame0 = checkedHeader(path.join(root, p.frame(0)), p.frame(0), 'Frame');
    base.width = frame0.width;
    base.height = frame0.height;
    const masks = st.masks?.isDirectory() ? numberedFiles(path.join(root, p.maskDir), p.maskPrefix, '.png').filter((k) => k >= 1 && k <= ks.length) : [];
    base.labelFrames = masks.map((k) => k - 1);
    for (const t of base.labelFrames) checkMaskShape(checkedHeader(path.join(root, p.mask(t)), p.mask(t), 'Mask'), frame0, p.mask(t), 'binary');
    checkAudio(st.audio, p.audio);
    base.hasAudio = true;
    return base;
  } catch (e) {
    if (!(e instanceof VideoProblem)) throw e;
    return { ...base, error: e.item };
  }
}

/** Indexes an S4 or MS3 folder; videos whose fingerprint matches `previous` are not re-read. */
export function indexObjectDataset(root: string, format: ObjectFormat, previous: Map<string, IndexedVideo>, onVideo?: (done: number, total: number) => void): DatasetIndex {
  const csv = OBJECT_META[format].csv;
  let text: string;
  try {
    text = fs.readFileSync(path.join(root, csv), 'utf8');
  } catch (e) {
    return { classes: [], videos: [], errors: [], fatal: { file: csv, message: `${csv} cannot be read (${(e as NodeJS.ErrnoException).code}).`, fix: 'Check the file exists and is readable.' } };
  }
  const meta = parseObjectMetadata(text, csv, format === 's4');
  if (meta.fatal) return { classes: [], videos: [], errors: meta.errors, fatal: meta.fatal };
  const videos = meta.rows.map((row, i) => {
    const subset = objectSubset(format, row.split, row.category);
    const prev = previous.get(`${subset}/${row.name}`);
    let video: IndexedVideo | undefined;
    if (prev?.stamp) {
      try {
        if (videoStats(root, format, subset, row.name).stamp === prev.stamp) video = { ...prev, ord: i };
      } catch {
        // unreadable now: read again to report it
      }
    }
    video ??= readObjectVideo(root, format, row, i);
    onVideo?.(i + 1, meta.rows.length);
    return video;
  });
  // Binary masks carry no class index: the dataset has no class table (categories live on the videos).
  return { classes: [], videos, errors: meta.errors };
}
