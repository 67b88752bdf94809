import path from 'node:path';
import { AppError } from '../../api/errors';
import { avssPalette } from '../../core/metrics/avss-palette';
import type { Db } from '../../store/db';
import { Catalog } from './catalog';
import type { DatasetAccess, DatasetInfo, Split, VideoFiles, VideoRef } from './dataset-access';

/** DatasetAccess over the SQLite catalog: usable in the host and in job workers (each with its own connection). */
export class CatalogDatasetAccess implements DatasetAccess {
  readonly catalog: Catalog;

  constructor(db: Db) {
    this.catalog = new Catalog(db);
  }

  info(datasetId: number): DatasetInfo {
    const d = this.catalog.dataset(datasetId);
    if (!d) throw new AppError('not_found', `No dataset with id ${datasetId}.`, { fix: 'Open the dataset folder again.' });
    return { id: d.id, root: d.root, format: d.format, classes: d.classes, palette: avssPalette(Math.max(d.classes.length, 1)) };
  }

  list(datasetId: number, split?: Split): VideoRef[] {
    this.info(datasetId);
    return this.catalog.videos(datasetId, { split, withErrors: false, offset: 0, limit: 1e9 }).rows.map((v) => ({ subset: v.subset, uid: v.uid }));
  }

  async files(datasetId: number, ref: VideoRef): Promise<VideoFiles> {
    const { root } = this.info(datasetId);
    const v = this.catalog.video(datasetId, ref.subset, ref.uid);
    if (!v) throw new AppError('not_found', `Video ${ref.subset}/${ref.uid} is not in the dataset.`, { fix: 'Re-index the dataset if the folder changed.' });
    if (v.error) throw new AppError('bad_input', v.error.message, { file: v.error.file, fix: v.error.fix });
    const dir = path.join(root, v.subset, v.uid);
    const labelled = new Set(v.labelFrames);
    return {
      subset: v.subset,
      uid: v.uid,
      split: v.split,
      frames: Array.from({ length: v.frames }, (_, t) => path.join(dir, 'frames', `${t}.jpg`)),
      labels: Array.from({ length: v.frames }, (_, t) => (labelled.has(t) ? path.join(dir, 'labels_semantic', `${t}.png`) : null)),
      labelKind: labelled.size ? 'semantic' : 'none',
      audio: v.hasAudio ? path.join(dir, 'audio.wav') : null,
      classes: v.classes,
    };
  }
}
