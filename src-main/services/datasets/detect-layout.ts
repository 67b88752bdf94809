import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../api/errors';
import type { DatasetFormat } from './dataset-access';
import { OBJECT_META } from './object-layout';

export const VIDEO_EXTENSIONS = ['.mp4', '.mkv', '.webm', '.avi'];
export const isVideoFile = (name: string) => VIDEO_EXTENSIONS.includes(path.extname(name).toLowerCase());

/** Recognises a dataset folder from its top-level entries (and, for plain video folders, one level below). */
export function detectLayout(root: string): DatasetFormat {
  let entries: fs.Dirent[];
  try {
    if (!fs.statSync(root).isDirectory()) throw new Error('not a folder');
    entries = fs.readdirSync(root, { withFileTypes: true });
  } catch {
    throw new AppError('bad_input', `${root} is not a readable folder.`, { file: root, fix: 'Choose the dataset folder (AVSS: metadata.csv; S4/MS3: s4_meta_data.csv / ms3_meta_data.csv; or a folder of videos).' });
  }
  const names = entries.map((e) => e.name);
  const has = (n: string) => names.includes(n);
  if (has('metadata.csv') && (has('v1s') || has('v1m') || has('v2') || names.length <= 3)) return 'avss';
  if (has(OBJECT_META.s4.csv)) return 's4';
  if (has(OBJECT_META.ms3.csv)) return 'ms3';
  const videoBelow = (e: fs.Dirent) => {
    try {
      return e.isDirectory() && fs.readdirSync(path.join(root, e.name)).some(isVideoFile);
    } catch {
      return false;
    }
  };
  if (names.some(isVideoFile) || entries.some(videoBelow)) return 'video-folder';
  throw new AppError('bad_input', `${root} does not look like a dataset: no metadata.csv (AVSS), s4_meta_data.csv / ms3_meta_data.csv (AVSBench-object) or video files.`, {
    file: root,
    fix: 'Open the AVSS root (metadata.csv, label2idx.json, v1s/v1m/v2), the Single-source or Multi-sources folder of AVSBench-object, a folder of .mp4/.mkv/.webm/.avi videos, or generate one with `ssp-studio synth --out DIR`.',
  });
}
