import path from 'node:path';
import { AppError } from '../../api/errors';
import { avssPalette } from '../../core/metrics/avss-palette';
import type { Rgb } from '../../core/dataset/palette';
import type { Db } from '../../store/db';
import { SettingsService } from '../settings/settings-service';
import { Catalog } from './catalog';
import { labelKindOf, type DatasetAccess, type DatasetInfo, type Split, type VideoFiles, type VideoRef } from './dataset-access';
import { DerivedCache } from './derived-cache';
import { locateFfmpeg } from './ffmpeg';
import type { IndexedVideo } from './indexed-video';
import { avssLabel, decodableMask } from './colour-labels';
import { objectVideoPaths } from './object-layout';
import { extractAudio, extractFrames } from './video-extract';
import { masksDirOf } from './video-folder-reader';

/** Cache of derived media beside the app database (<data dir>/cache/datasets). */
export const defaultCacheDir = (db: Db) => path.join(path.dirname(path.resolve(db.name === ':memory:' ? path.join(process.cwd(), 'x') : db.name)), 'cache', 'datasets');

/** The dataset's palette where it covers every class, else the AVSBench one (the same colours the official code uses). */
function paletteFor(classCount: number, own: Rgb[] | null): Rgb[] {
  const n = Math.max(classCount, 1);
  return own && own.length >= n ? own : avssPalette(n);
}

/** DatasetAccess over the SQLite catalog: usable in the host and in job workers (each with its own connection). */
export class CatalogDatasetAccess implements DatasetAccess {
  readonly catalog: Catalog;
  readonly cache: DerivedCache;

  constructor(
    private readonly db: Db,
    opts: { cacheDir?: string } = {},
  ) {
    this.catalog = new Catalog(db);
    this.cache = new DerivedCache(opts.cacheDir ?? defaultCacheDir(db));
  }

  /** The ffmpeg binary per the user's setting, the bundled one, or PATH (throws the fix when none). */
  ffmpeg(): string {
    return locateFfmpeg(new SettingsService(this.db).get().tools.ffmpegPath).path;
  }

  info(datasetId: number): DatasetInfo {
    const d = this.catalog.dataset(datasetId);
    if (!d) throw new AppError('not_found', `No dataset with id ${datasetId}.`, { fix: 'Open the dataset folder again.' });
    return { id: d.id, root: d.root, format: d.format, classes: d.classes, palette: paletteFor(d.classes.length, d.palette) };
  }

  list(datasetId: number, split?: Split): VideoRef[] {
    this.info(datasetId);
    return this.catalog.videos(datasetId, { split, withErrors: false, offset: 0, limit: 1e9 }).rows.map((v) => ({ subset: v.subset, uid: v.uid }));
  }

  /** The indexed, usable video behind a ref (errors carry the reader's file + fix). */
  video(datasetId: number, ref: VideoRef): IndexedVideo {
    const v = this.catalog.video(datasetId, ref.subset, ref.uid);
    if (!v) throw new AppError('not_found', `Video ${ref.subset}/${ref.uid} is not in the dataset.`, { fix: 'Re-index the dataset if the folder changed.' });
    if (v.error) throw new AppError('bad_input', v.error.message, { file: v.error.file, fix: v.error.fix });
    return v;
  }

  async files(datasetId: number, ref: VideoRef): Promise<VideoFiles> {
    const { root, format, palette } = this.info(datasetId);
    const v = this.video(datasetId, ref);
    const labelled = new Set(v.labelFrames);
    const common = { subset: v.subset, uid: v.uid, split: v.split, classes: v.classes };
    const perFrame = <T>(n: number, file: (t: number) => T) => Array.from({ length: n }, (_, t) => (labelled.has(t) ? file(t) : null));
    switch (format) {
      case 'avss': {
        const dir = path.join(root, v.subset, v.uid);
        return {
          ...common,
          frames: Array.from({ length: v.frames }, (_, t) => path.join(dir, 'frames', `${t}.jpg`)),
          labels: await Promise.all(perFrame(v.frames, (t) => avssLabel(this.cache, dir, t, palette))),
          labelKind: labelKindOf(format, labelled.size > 0),
          audio: v.hasAudio ? path.join(dir, 'audio.wav') : null,
        };
      }
      case 's4':
      case 'ms3': {
        const p = objectVideoPaths(format, v.subset, v.uid);
        return {
          ...common,
          frames: Array.from({ length: v.frames }, (_, t) => path.join(root, p.frame(t))),
          // The official MS3 masks are palette PNGs (object = index ≠ 0).
          labels: await Promise.all(perFrame(v.frames, (t) => decodableMask(this.cache, path.join(root, p.mask(t))))),
          labelKind: labelKindOf(format, labelled.size > 0),
          audio: v.hasAudio ? path.join(root, p.audio) : null,
        };
      }
      case 'video-folder': {
        const rel = v.subset === '.' ? v.uid : `${v.subset}/${v.uid}`;
        const file = path.join(root, rel);
        const ffmpeg = this.ffmpeg();
        const frames = await extractFrames(ffmpeg, this.cache, file, rel, v.frames);
        return {
          ...common,
          frames,
          labels: perFrame(frames.length, (t) => path.join(masksDirOf(file), `${t}.png`)),
          labelKind: labelKindOf(format, labelled.size > 0),
          audio: v.hasAudio ? await extractAudio(ffmpeg, this.cache, file, rel) : null,
        };
      }
    }
  }
}
