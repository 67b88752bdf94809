import type { Db } from '../../store/db';
import type { MetricKind, RunSource } from '../../api/contracts/metrics';
import { AppError } from '../../api/errors';
import { binaryMean } from '../../core/metrics/binary-video';
import { emptyClassSums, summarizeClasses } from '../../core/metrics/semantic';
import { revokeUnusedGrant } from '../fs/read-grants';
import type { VideoResult } from './video-result';

export interface NewRun {
  name: string;
  kind: MetricKind;
  source: RunSource;
  datasetId: number;
  datasetRoot?: string | null;
  split?: string | null;
  settings?: Record<string, unknown>;
  /** Semantic runs: class names by index (label2idx order), kept with the run for per-class tables. */
  classNames?: string[];
  jobId?: string | null;
}

export function createRun(db: Db, run: NewRun): number {
  const info = db
    .prepare(
      `INSERT INTO metrics_runs (name, kind, source, dataset_id, dataset_root, split, settings, class_names, job_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(run.name, run.kind, JSON.stringify(run.source), run.datasetId, run.datasetRoot ?? null, run.split ?? null, JSON.stringify(run.settings ?? {}), JSON.stringify(run.classNames ?? []), run.jobId ?? null, Date.now());
  return Number(info.lastInsertRowid);
}

export function requireRun(db: Db, runId: number): { kind: MetricKind; class_names: string } {
  const row = db.prepare('SELECT kind, class_names FROM metrics_runs WHERE id = ?').get(runId) as { kind: MetricKind; class_names: string } | undefined;
  if (!row) throw new AppError('not_found', `No evaluation run ${runId}.`);
  return row;
}

/**
 * Appends videos to a run. Rows are buffered and written `batch` videos per transaction through prepared
 * statements: one transaction per row would cost a WAL commit each (see bench/metrics.bench.ts).
 */
export class RunWriter {
  private readonly pending: VideoResult[] = [];
  private readonly write: (videos: VideoResult[]) => void;

  constructor(
    db: Db,
    private readonly runId: number,
    private readonly batch = 256,
  ) {
    const video = db.prepare('INSERT INTO metrics_videos (run_id, subset, uid, frames, miou, fscore) VALUES (?, ?, ?, ?, ?, ?)');
    const frame = db.prepare('INSERT INTO metrics_frames (video_id, t, iou, fscore, gt_pixels) VALUES (?, ?, ?, ?, ?)');
    const cls = db.prepare('INSERT INTO metrics_video_classes (video_id, class, iou_sum, f_sum, count) VALUES (?, ?, ?, ?, ?)');
    const counts = db.prepare('UPDATE metrics_runs SET videos = videos + ?, frames = frames + ? WHERE id = ?');
    this.write = db.transaction((videos: VideoResult[]) => {
      let frames = 0;
      for (const v of videos) {
        const id = video.run(this.runId, v.subset, v.uid, v.frames.length, v.miou, v.fscore).lastInsertRowid;
        for (const f of v.frames) frame.run(id, f.t, f.iou, f.fscore, f.gtPixels);
        frames += v.frames.length;
        const s = v.classSums;
        if (s) for (let k = 0; k < s.count.length; k++) if (s.count[k] > 0) cls.run(id, k, s.iouSum[k], s.fSum[k], s.count[k]);
      }
      counts.run(videos.length, frames, this.runId);
    });
  }

  add(video: VideoResult): void {
    this.pending.push(video);
    if (this.pending.length >= this.batch) this.flush();
  }

  flush(): void {
    if (this.pending.length) this.write(this.pending.splice(0));
  }
}

/** Keys `${subset}/${uid}` of the videos a run already holds (a resumed evaluation skips them). */
export function loggedVideos(db: Db, runId: number): Set<string> {
  const rows = db.prepare('SELECT subset, uid FROM metrics_videos WHERE run_id = ?').all(runId) as { subset: string; uid: string }[];
  return new Set(rows.map((r) => `${r.subset}/${r.uid}`));
}

export function setRunState(db: Db, runId: number, state: 'running' | 'failed' | 'cancelled', skipped?: number): void {
  db.prepare('UPDATE metrics_runs SET state = ?, skipped = COALESCE(?, skipped) WHERE id = ?').run(state, skipped ?? null, runId);
}

/**
 * Aggregates the stored videos into the official dataset numbers and marks the run done. Binary: means of the
 * per-video mIoU and F (the official scripts evaluate with batch size 1, i.e. per video). Semantic: per-class sums
 * over all videos, then the means over all classes (see core/metrics/semantic.ts).
 */
export function finishRun(db: Db, runId: number, skipped = 0): void {
  const { kind, class_names } = requireRun(db, runId);
  db.transaction(() => {
    db.prepare('DELETE FROM metrics_classes WHERE run_id = ?').run(runId);
    let summary: { miou: number; fscore: number; miouNoBg: number | null; fscoreNoBg: number | null };
    if (kind === 'binary') {
      const videos = db.prepare('SELECT miou, fscore FROM metrics_videos WHERE run_id = ? ORDER BY id').all(runId) as { miou: number; fscore: number }[];
      summary = { ...binaryMean(videos), miouNoBg: null, fscoreNoBg: null };
    } else {
      const rows = db
        .prepare(
          `SELECT c.class AS k, SUM(c.iou_sum) AS iou, SUM(c.f_sum) AS f, SUM(c.count) AS n
           FROM metrics_video_classes c JOIN metrics_videos v ON v.id = c.video_id WHERE v.run_id = ? GROUP BY c.class`,
        )
        .all(runId) as { k: number; iou: number; f: number; n: number }[];
      const classCount = Math.max(JSON.parse(class_names).length, ...rows.map((r) => r.k + 1), 1);
      const sums = emptyClassSums(classCount);
      for (const r of rows) (sums.iouSum[r.k] = r.iou), (sums.fSum[r.k] = r.f), (sums.count[r.k] = r.n);
      const s = summarizeClasses(sums);
      const insert = db.prepare('INSERT INTO metrics_classes (run_id, class, iou, fscore, count) VALUES (?, ?, ?, ?, ?)');
      s.perClass.forEach((c, k) => insert.run(runId, k, c.iou, c.fscore, c.count));
      summary = s;
    }
    db.prepare(`UPDATE metrics_runs SET state = 'done', finished_at = ?, skipped = ?, miou = ?, fscore = ?, miou_no_bg = ?, fscore_no_bg = ? WHERE id = ?`).run(
      Date.now(),
      skipped,
      summary.miou,
      summary.fscore,
      summary.miouNoBg,
      summary.fscoreNoBg,
      runId,
    );
  })();
}

/** Deletes a run, and its folder's read grant when no other run imports that folder. */
export function deleteRun(db: Db, runId: number): boolean {
  return db.transaction(() => {
    const source = db.prepare('SELECT source FROM metrics_runs WHERE id = ?').pluck().get(runId) as string | undefined;
    if (source === undefined) return false;
    db.prepare('DELETE FROM metrics_runs WHERE id = ?').run(runId);
    const { type, path } = JSON.parse(source) as RunSource;
    if (type === 'folder' && path) revokeUnusedGrant(db, path);
    return true;
  })();
}
