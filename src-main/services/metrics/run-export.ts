import type { Db } from '../../store/db';
import { writeFileAtomic } from '../fs/atomic';
import { runDetail, runFrames, runVideos } from './run-queries';

const allVideos = (db: Db, runId: number) => runVideos(db, { runId, sortBy: 'subset', order: 'asc', limit: Number.MAX_SAFE_INTEGER, offset: 0 }).rows;

function csvCell(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV row per video (subset, uid, frames, miou, fscore), in subset/uid order. */
export function runCsv(db: Db, runId: number): string {
  const rows = allVideos(db, runId);
  const lines = ['subset,uid,frames,miou,fscore', ...rows.map((r) => [r.subset, r.uid, r.frames, r.miou, r.fscore].map(csvCell).join(','))];
  return lines.join('\n') + '\n';
}

/** The whole run: summary, per-class rows, and every video with its frames. */
export function runJson(db: Db, runId: number): string {
  const { run, classes } = runDetail(db, runId);
  const frames = runFrames(db, runId);
  const videos = allVideos(db, runId).map((v) => ({ ...v, frames: frames.get(`${v.subset}/${v.uid}`) ?? [] }));
  return JSON.stringify({ run, classes, videos }, null, 1);
}

export function exportRun(db: Db, runId: number, format: 'csv' | 'json', file?: string) {
  const content = format === 'csv' ? runCsv(db, runId) : runJson(db, runId);
  if (file) writeFileAtomic(file, content);
  return { filename: `metrics-run-${runId}.${format}`, content, written: file ?? null };
}
