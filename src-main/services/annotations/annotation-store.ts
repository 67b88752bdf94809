import type { Db } from '../../store/db';
import { AppError } from '../../api/errors';
import { decodeRle } from '../../core/annotation/rle';

export interface FrameKey {
  datasetId: number;
  subset: string;
  uid: string;
  t: number;
}

export interface StoredAnnotation {
  width: number;
  height: number;
  rle: string;
  version: number;
  updatedAt: number;
}

/**
 * Corrected GT masks, kept in the app's database (never in the dataset folder). Each save is a new version;
 * older versions stay in the history table.
 */
export class AnnotationStore {
  constructor(private readonly db: Db) {}

  get(k: FrameKey): StoredAnnotation | null {
    const r = this.db
      .prepare('SELECT width, height, rle, version, updated_at AS updatedAt FROM annotations WHERE dataset_id = ? AND subset = ? AND uid = ? AND t = ?')
      .get(k.datasetId, k.subset, k.uid, k.t) as StoredAnnotation | undefined;
    return r ?? null;
  }

  /** The corrected mask of a frame as pixel values (class indices / 0-255), or null when the frame was not edited. */
  mask(k: FrameKey): { width: number; height: number; data: Uint8Array } | null {
    const a = this.get(k);
    return a && { width: a.width, height: a.height, data: decodeRle(a.rle, a.width * a.height) };
  }

  save(k: FrameKey, width: number, height: number, rle: string): { version: number } {
    try {
      decodeRle(rle, width * height);
    } catch (e) {
      throw new AppError('validation', `Mask for ${k.subset}/${k.uid} frame ${k.t} does not match ${width}×${height}: ${(e as Error).message}.`);
    }
    const now = Date.now();
    return this.db.transaction(() => {
      const version = (this.get(k)?.version ?? 0) + 1;
      this.db
        .prepare(
          `INSERT INTO annotations (dataset_id, subset, uid, t, width, height, rle, version, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(dataset_id, subset, uid, t) DO UPDATE SET width = excluded.width, height = excluded.height, rle = excluded.rle, version = excluded.version, updated_at = excluded.updated_at`,
        )
        .run(k.datasetId, k.subset, k.uid, k.t, width, height, rle, version, now);
      this.db.prepare('INSERT INTO annotation_history (dataset_id, subset, uid, t, version, rle, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(k.datasetId, k.subset, k.uid, k.t, version, rle, now);
      return { version };
    })();
  }

  /** Edited frames of a dataset (optionally one video), grouped per video. */
  edited(datasetId: number, video?: { subset: string; uid: string }): { subset: string; uid: string; frames: number[] }[] {
    const rows = (
      video
        ? this.db.prepare('SELECT subset, uid, t FROM annotations WHERE dataset_id = ? AND subset = ? AND uid = ? ORDER BY t').all(datasetId, video.subset, video.uid)
        : this.db.prepare('SELECT subset, uid, t FROM annotations WHERE dataset_id = ? ORDER BY subset, uid, t').all(datasetId)
    ) as { subset: string; uid: string; t: number }[];
    const out = new Map<string, { subset: string; uid: string; frames: number[] }>();
    for (const r of rows) {
      const key = `${r.subset}/${r.uid}`;
      if (!out.has(key)) out.set(key, { subset: r.subset, uid: r.uid, frames: [] });
      out.get(key)!.frames.push(r.t);
    }
    return [...out.values()];
  }

  historyCount(k: FrameKey): number {
    return (this.db.prepare('SELECT count(*) AS n FROM annotation_history WHERE dataset_id = ? AND subset = ? AND uid = ? AND t = ?').get(k.datasetId, k.subset, k.uid, k.t) as { n: number }).n;
  }
}
