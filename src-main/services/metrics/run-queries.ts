import type { z } from 'zod';
import type { Db } from '../../store/db';
import type { RunSummary, VideoQuery, VideoRow } from '../../api/contracts/metrics';
import { requireRun } from './run-store';

interface RunRecord {
  id: number;
  name: string;
  kind: RunSummary['kind'];
  source: string;
  dataset_id: number;
  dataset_root: string | null;
  split: string | null;
  settings: string;
  state: RunSummary['state'];
  job_id: string | null;
  created_at: number;
  finished_at: number | null;
  videos: number;
  frames: number;
  skipped: number;
  miou: number | null;
  fscore: number | null;
  miou_no_bg: number | null;
  fscore_no_bg: number | null;
}

function toSummary(r: RunRecord): RunSummary {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    source: JSON.parse(r.source),
    datasetId: r.dataset_id,
    datasetRoot: r.dataset_root,
    split: r.split,
    settings: JSON.parse(r.settings),
    state: r.state,
    jobId: r.job_id,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    videos: r.videos,
    frames: r.frames,
    skipped: r.skipped,
    miou: r.miou,
    fscore: r.fscore,
    miouNoBg: r.miou_no_bg,
    fscoreNoBg: r.fscore_no_bg,
  };
}

export function listRuns(db: Db, datasetId?: number): RunSummary[] {
  const rows = db.prepare('SELECT * FROM metrics_runs WHERE ? IS NULL OR dataset_id = ? ORDER BY created_at DESC, id DESC').all(datasetId ?? null, datasetId ?? null) as RunRecord[];
  return rows.map(toSummary);
}

export function runSummary(db: Db, runId: number): RunSummary {
  requireRun(db, runId);
  return toSummary(db.prepare('SELECT * FROM metrics_runs WHERE id = ?').get(runId) as RunRecord);
}

/** Counts of per-video mIoU in `bins` equal bins over [0, 1] (1.0 falls in the last). */
export function miouHistogram(db: Db, runId: number, bins = 20): number[] {
  const hist = new Array<number>(bins).fill(0);
  const rows = db.prepare('SELECT miou FROM metrics_videos WHERE run_id = ?').raw().all(runId) as [number][];
  for (const [m] of rows) hist[Math.min(bins - 1, Math.max(0, Math.floor(m * bins)))]++;
  return hist;
}

export function runDetail(db: Db, runId: number) {
  const run = runSummary(db, runId);
  const names: string[] = JSON.parse(requireRun(db, runId).class_names);
  const classes = (db.prepare('SELECT class, iou, fscore, count FROM metrics_classes WHERE run_id = ? ORDER BY class').all(runId) as { class: number; iou: number; fscore: number; count: number }[]).map(
    (c) => ({ classIndex: c.class, name: names[c.class] ?? `class ${c.class}`, iou: c.iou, fscore: c.fscore, count: c.count }),
  );
  return { run, classes, miouHistogram: miouHistogram(db, runId) };
}

// Column names come from the zod enum of the contract, never from free text.
const VIDEO_SORT: Record<z.output<typeof VideoQuery>['sortBy'], string> = { miou: 'miou', fscore: 'fscore', uid: 'uid', subset: 'subset', frames: 'frames' };

export function runVideos(db: Db, q: z.output<typeof VideoQuery>): { total: number; rows: VideoRow[] } {
  requireRun(db, q.runId);
  const dir = q.order === 'asc' ? 'ASC' : 'DESC';
  const rows = db
    .prepare(`SELECT subset, uid, frames, miou, fscore FROM metrics_videos WHERE run_id = ? ORDER BY ${VIDEO_SORT[q.sortBy]} ${dir}, subset, uid LIMIT ? OFFSET ?`)
    .all(q.runId, q.limit, q.offset) as VideoRow[];
  const { n } = db.prepare('SELECT COUNT(*) AS n FROM metrics_videos WHERE run_id = ?').get(q.runId) as { n: number };
  return { total: n, rows };
}

type FrameRow = { t: number; iou: number | null; fscore: number | null; gtPixels: number };
const FRAMES = `SELECT v.subset, v.uid, f.t, f.iou, f.fscore, f.gt_pixels AS gtPixels
  FROM metrics_frames f JOIN metrics_videos v ON v.id = f.video_id WHERE v.run_id = ?`;

export function videoFrames(db: Db, runId: number, subset: string, uid: string): FrameRow[] {
  return (db.prepare(`${FRAMES} AND v.subset = ? AND v.uid = ? ORDER BY f.t`).all(runId, subset, uid) as FrameRow[]).map(({ t, iou, fscore, gtPixels }) => ({ t, iou, fscore, gtPixels }));
}

/** Every frame row of a run, grouped by `${subset}/${uid}`. */
export function runFrames(db: Db, runId: number): Map<string, FrameRow[]> {
  const out = new Map<string, FrameRow[]>();
  for (const r of db.prepare(`${FRAMES} ORDER BY f.video_id, f.t`).all(runId) as (FrameRow & { subset: string; uid: string })[]) {
    const key = `${r.subset}/${r.uid}`;
    if (!out.has(key)) out.set(key, []);
    out.get(key)!.push({ t: r.t, iou: r.iou, fscore: r.fscore, gtPixels: r.gtPixels });
  }
  return out;
}
