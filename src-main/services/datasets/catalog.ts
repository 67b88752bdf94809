import type { Db } from '../../store/db';
import type { ItemError } from '../../core/dataset/avss-metadata';
import type { Rgb } from '../../core/dataset/palette';
import type { DatasetFormat, Split } from './dataset-access';
import type { IndexedVideo } from './indexed-video';

interface VideoRow {
  subset: string;
  uid: string;
  vid: string;
  split: string;
  start_sec: number;
  classes: string;
  frames: number;
  label_frames: string;
  width: number | null;
  height: number | null;
  has_audio: number;
  stamp: string | null;
  error: string | null;
  ord: number;
}

const toVideo = (r: VideoRow): IndexedVideo => ({
  subset: r.subset,
  uid: r.uid,
  vid: r.vid,
  split: r.split as Split,
  startSec: r.start_sec,
  classes: JSON.parse(r.classes),
  frames: r.frames,
  labelFrames: JSON.parse(r.label_frames),
  width: r.width,
  height: r.height,
  hasAudio: r.has_audio === 1,
  stamp: r.stamp,
  error: r.error ? JSON.parse(r.error) : null,
  ord: r.ord,
});

export interface DatasetRow {
  id: number;
  root: string;
  format: DatasetFormat;
  classes: string[];
  /** The dataset's own palette.json, when it has a valid one. */
  palette: Rgb[] | null;
  fatal: ItemError | null;
  indexedAt: number | null;
  indexMs: number | null;
}

export interface VideoQuery {
  split?: Split;
  cls?: string;
  annotated?: boolean;
  /** Substring of uid or vid. */
  search?: string;
  withErrors?: boolean;
  offset: number;
  limit: number;
}

/** The datasets domain's SQLite tables: one writer per dataset (the index job), many readers. */
export class Catalog {
  constructor(private readonly db: Db) {}

  ensureDataset(root: string, format: DatasetFormat): number {
    this.db.prepare('INSERT INTO datasets (root, format) VALUES (?, ?) ON CONFLICT(root) DO UPDATE SET format = excluded.format').run(root, format);
    return (this.db.prepare('SELECT id FROM datasets WHERE root = ?').get(root) as { id: number }).id;
  }

  dataset(id: number): DatasetRow | undefined {
    const r = this.db.prepare('SELECT * FROM datasets WHERE id = ?').get(id) as
      | { id: number; root: string; format: string; classes: string; palette: string | null; fatal: string | null; indexed_at: number | null; index_ms: number | null }
      | undefined;
    if (!r) return undefined;
    return {
      id: r.id,
      root: r.root,
      format: r.format as DatasetFormat,
      classes: JSON.parse(r.classes),
      palette: r.palette ? JSON.parse(r.palette) : null,
      fatal: r.fatal ? JSON.parse(r.fatal) : null,
      indexedAt: r.indexed_at,
      indexMs: r.index_ms,
    };
  }

  datasets(): DatasetRow[] {
    return (this.db.prepare('SELECT id FROM datasets ORDER BY id').all() as { id: number }[]).map((r) => this.dataset(r.id)!);
  }

  videosByKey(datasetId: number): Map<string, IndexedVideo> {
    const rows = this.db.prepare('SELECT * FROM dataset_videos WHERE dataset_id = ?').all(datasetId) as VideoRow[];
    return new Map(rows.map((r) => [`${r.subset}/${r.uid}`, toVideo(r)]));
  }

  /** Replaces a dataset's index in one transaction, so readers never see half an index. */
  replaceIndex(datasetId: number, result: { classes: string[]; palette?: Rgb[]; videos: IndexedVideo[]; errors: ItemError[]; fatal?: ItemError; ms: number }): void {
    const insert = this.db.prepare(
      `INSERT INTO dataset_videos (dataset_id, subset, uid, vid, split, start_sec, classes, frames, label_frames, annotated, width, height, has_audio, stamp, error, ord)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertError = this.db.prepare('INSERT INTO dataset_errors (dataset_id, file, message, fix) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM dataset_videos WHERE dataset_id = ?').run(datasetId);
      this.db.prepare('DELETE FROM dataset_errors WHERE dataset_id = ?').run(datasetId);
      for (const v of result.videos) {
        insert.run(datasetId, v.subset, v.uid, v.vid, v.split, v.startSec, JSON.stringify(v.classes), v.frames, JSON.stringify(v.labelFrames), v.labelFrames.length > 0 ? 1 : 0, v.width, v.height, v.hasAudio ? 1 : 0, v.stamp, v.error ? JSON.stringify(v.error) : null, v.ord);
      }
      for (const e of result.errors) insertError.run(datasetId, e.file, e.message, e.fix);
      this.db
        .prepare('UPDATE datasets SET classes = ?, palette = ?, fatal = ?, indexed_at = ?, index_ms = ? WHERE id = ?')
        .run(JSON.stringify(result.classes), result.palette ? JSON.stringify(result.palette) : null, result.fatal ? JSON.stringify(result.fatal) : null, Date.now(), Math.round(result.ms), datasetId);
    })();
  }

  private where(datasetId: number, q: Omit<VideoQuery, 'offset' | 'limit'>): { sql: string; args: unknown[] } {
    const parts = ['dataset_id = ?'];
    const args: unknown[] = [datasetId];
    if (q.split) (parts.push('split = ?'), args.push(q.split));
    if (q.annotated !== undefined) (parts.push('annotated = ?'), args.push(q.annotated ? 1 : 0));
    if (q.cls) (parts.push('EXISTS (SELECT 1 FROM json_each(classes) WHERE value = ?)'), args.push(q.cls));
    if (q.search) (parts.push("(instr(uid, ?) > 0 OR instr(vid, ?) > 0)"), args.push(q.search, q.search));
    if (q.withErrors !== undefined) parts.push(q.withErrors ? 'error IS NOT NULL' : 'error IS NULL');
    return { sql: parts.join(' AND '), args };
  }

  videos(datasetId: number, q: VideoQuery): { rows: IndexedVideo[]; total: number } {
    const w = this.where(datasetId, q);
    const rows = this.db.prepare(`SELECT * FROM dataset_videos WHERE ${w.sql} ORDER BY ord LIMIT ? OFFSET ?`).all(...w.args, q.limit, q.offset) as VideoRow[];
    const total = (this.db.prepare(`SELECT count(*) AS n FROM dataset_videos WHERE ${w.sql}`).get(...w.args) as { n: number }).n;
    return { rows: rows.map(toVideo), total };
  }

  video(datasetId: number, subset: string, uid: string): IndexedVideo | undefined {
    const r = this.db.prepare('SELECT * FROM dataset_videos WHERE dataset_id = ? AND subset = ? AND uid = ?').get(datasetId, subset, uid) as VideoRow | undefined;
    return r && toVideo(r);
  }

  counts(datasetId: number): { splits: Record<string, number>; classes: Record<string, number>; annotated: number; errors: number; total: number } {
    const splits = Object.fromEntries((this.db.prepare('SELECT split, count(*) AS n FROM dataset_videos WHERE dataset_id = ? GROUP BY split').all(datasetId) as { split: string; n: number }[]).map((r) => [r.split, r.n]));
    const classes = Object.fromEntries(
      (this.db.prepare('SELECT j.value AS c, count(*) AS n FROM dataset_videos, json_each(dataset_videos.classes) AS j WHERE dataset_id = ? GROUP BY j.value ORDER BY n DESC').all(datasetId) as { c: string; n: number }[]).map((r) => [r.c, r.n]),
    );
    const agg = this.db
      .prepare('SELECT count(*) AS total, coalesce(sum(annotated), 0) AS annotated, coalesce(sum(error IS NOT NULL), 0) AS errors FROM dataset_videos WHERE dataset_id = ?')
      .get(datasetId) as { total: number; annotated: number; errors: number };
    return { splits, classes, ...agg };
  }

  /** The first `limit` problems: the fatal one, then metadata problems, then videos' problems in catalog order. */
  errors(datasetId: number, limit = 1e9): ItemError[] {
    const fatal = this.dataset(datasetId)?.fatal;
    const ds = this.db.prepare('SELECT file, message, fix FROM dataset_errors WHERE dataset_id = ? LIMIT ?').all(datasetId, limit) as ItemError[];
    const rest = Math.max(0, limit - ds.length - (fatal ? 1 : 0));
    const vids = (this.db.prepare('SELECT error FROM dataset_videos WHERE dataset_id = ? AND error IS NOT NULL ORDER BY ord LIMIT ?').all(datasetId, rest) as { error: string }[]).map((r) => JSON.parse(r.error) as ItemError);
    return [...(fatal ? [fatal] : []), ...ds, ...vids].slice(0, limit);
  }

  /** How many problems `errors()` would list without a limit. */
  problemCount(datasetId: number): number {
    const n = (sql: string) => (this.db.prepare(sql).get(datasetId) as { n: number }).n;
    return (this.dataset(datasetId)?.fatal ? 1 : 0) + n('SELECT count(*) AS n FROM dataset_errors WHERE dataset_id = ?') + n('SELECT count(*) AS n FROM dataset_videos WHERE dataset_id = ? AND error IS NOT NULL');
  }
}
