import fs from 'node:fs';
import path from 'node:path';
import { parseFfmpegProbe } from '../../core/dataset/ffmpeg-probe';
import { isInside } from '../fs/confine';
import type { Split } from './dataset-access';
import { isVideoFile } from './detect-layout';
import { checkedHeader, checkMaskShape, numberedFiles, stampOf, statOrNull, VideoProblem } from './file-checks';
import { runFfmpeg } from './ffmpeg';
import type { DatasetIndex } from './index-dataset';
import { unreadVideo, type IndexedVideo } from './indexed-video';
import { FRAME_RATE } from './video-extract';

/**
 * A plain folder of videos: `<root>/<name>.mp4` (subset ".") or `<root>/<sub>/<name>.mp4` (subset "<sub>"); a
 * subfolder named train/val/test gives the split, anything else is "test". Optional GT masks sit beside the video
 * in `<stem>_masks/<t>.png` (frame t at 1 fps, from 0; object = nonzero).
 */
export const masksDirOf = (video: string) => `${video.slice(0, -path.extname(video).length)}_masks`;

interface VideoEntry {
  subset: string;
  uid: string;
  rel: string;
}

function listVideos(root: string): VideoEntry[] {
  const out: VideoEntry[] = [];
  const visit = (sub: string) => {
    for (const e of fs.readdirSync(path.join(root, sub), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name.startsWith('.')) continue;
      if (sub === '.' && e.isDirectory()) visit(e.name);
      else if (isVideoFile(e.name) && !e.isDirectory()) out.push({ subset: sub, uid: e.name, rel: sub === '.' ? e.name : `${sub}/${e.name}` });
    }
  };
  visit('.');
  return out;
}

const splitOf = (subset: string): Split => (['train', 'val', 'test'].includes(subset) ? (subset as Split) : 'test');

function stampFor(root: string, v: VideoEntry): string {
  const file = path.join(root, v.rel);
  return stampOf([fs.lstatSync(file), statOrNull(masksDirOf(file))]);
}

async function readVideo(root: string, ffmpeg: string, v: VideoEntry, ord: number): Promise<IndexedVideo> {
  const file = path.join(root, v.rel);
  const base = unreadVideo({ subset: v.subset, uid: v.uid, vid: path.parse(v.uid).name, split: splitOf(v.subset), startSec: 0, classes: [], ord });
  const reencode = `Check it plays; re-encode it if not: ffmpeg -i "${v.rel}" -c:v libx264 -c:a aac fixed.mp4`;
  try {
    // readdir hands back U+FFFD for bytes that are not UTF-8: such a name cannot be opened again.
    if (v.rel.includes('\uFFFD')) throw new VideoProblem(v.rel, `The file name ${v.rel} is not valid UTF-8, so it cannot be opened by name.`, 'Rename the file with a UTF-8 name (e.g. convmv -f latin1 -t utf8 --notest FILE).');
    const st = fs.lstatSync(file);
    base.stamp = stampFor(root, v);
    if (st.isSymbolicLink() && !isInside(fs.realpathSync(root), fs.realpathSync(file))) throw new VideoProblem(v.rel, `${v.rel} is a link to a file outside the dataset (${fs.realpathSync(file)}).`, 'Copy the video into the dataset folder instead of linking it.');
    if (st.size === 0) throw new VideoProblem(v.rel, `${v.rel} is empty (0 bytes).`, 'Copy the video again from its source.');
    const probe = parseFfmpegProbe((await runFfmpeg(ffmpeg, ['-i', file])).stderr);
    if (!probe.video || probe.durationSec === null) {
      const why = (probe.problem ?? 'no duration').replaceAll(file, v.rel);
      throw new VideoProblem(v.rel, `${v.rel} cannot be decoded (${why}); it is probably truncated or not a video.`, reencode);
    }
    base.frames = Math.max(1, Math.round(probe.durationSec * FRAME_RATE));
    base.width = probe.video.width;
    base.height = probe.video.height;
    base.hasAudio = probe.audio !== null;
    const masks = masksDirOf(file);
    if (fs.existsSync(masks)) {
      base.labelFrames = numberedFiles(masks, '', '.png').filter((t) => t < base.frames);
      const frame = { format: 'png' as const, width: probe.video.width, height: probe.video.height, channels: 3 };
      for (const t of base.labelFrames) {
        const rel = `${path.relative(root, masks)}/${t}.png`;
        checkMaskShape(checkedHeader(path.join(masks, `${t}.png`), rel, 'Mask'), frame, rel, 'binary');
      }
    }
    return base;
  } catch (e) {
    if (e instanceof VideoProblem) return { ...base, error: e.item };
    const code = (e as NodeJS.ErrnoException).code;
    if (code) return { ...base, error: { file: v.rel, message: `${v.rel} cannot be read (${code}).`, fix: code === 'EACCES' ? `Give the app read permission: chmod a+r "${v.rel}".` : 'Check the file exists and is readable.' } };
    throw e;
  }
}

/** Indexes a plain video folder, probing each changed video with ffmpeg (two at a time). */
export async function indexVideoFolder(root: string, ffmpeg: string, previous: Map<string, IndexedVideo>, onVideo?: (done: number, total: number) => void): Promise<DatasetIndex> {
  const entries = listVideos(root);
  const videos: IndexedVideo[] = new Array(entries.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (let i = next++; i < entries.length; i = next++) {
      const v = entries[i];
      const prev = previous.get(`${v.subset}/${v.uid}`);
      let stamp: string | null = null;
      try {
        stamp = stampFor(root, v);
      } catch {
        // unreadable: read again to report it
      }
      videos[i] = prev?.stamp && prev.stamp === stamp ? { ...prev, ord: i } : await readVideo(root, ffmpeg, v, i);
      onVideo?.(++done, entries.length);
    }
  };
  await Promise.all([worker(), worker()]);
  return { classes: [], videos, errors: [] };
}
