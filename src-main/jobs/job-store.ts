import type { Db } from '../store/db';
import type { JobLogLine, JobProgress, JobRow, JobState } from '../api/contracts/jobs';
import { emptyProgress } from './progress';

interface JobRecord {
  id: string;
  kind: string;
  title: string;
  state: JobState;
  params: string;
  progress: string;
  error: string | null;
  result: string | null;
  checkpoint: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
}

const RESUMABLE: JobState[] = ['interrupted', 'failed', 'cancelled'];

function toRow(r: JobRecord): JobRow {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    state: r.state,
    params: JSON.parse(r.params),
    progress: JSON.parse(r.progress),
    error: r.error,
    result: r.result === null ? null : JSON.parse(r.result),
    resumable: RESUMABLE.includes(r.state),
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

/** SQLite persistence of jobs and their logs; the runner is the only writer. */
export class JobStore {
  constructor(private readonly db: Db) {}

  insert(job: { id: string; kind: string; title: string; params: unknown }): JobRow {
    this.db
      .prepare(
        `INSERT INTO jobs (id, kind, title, state, params, progress, created_at) VALUES (?, ?, ?, 'queued', ?, ?, ?)`,
      )
      .run(job.id, job.kind, job.title, JSON.stringify(job.params ?? null), JSON.stringify(emptyProgress()), Date.now());
    return this.get(job.id)!;
  }

  get(id: string): JobRow | undefined {
    const r = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRecord | undefined;
    return r && toRow(r);
  }

  list(kind: string | undefined, limit: number): JobRow[] {
    const rows = kind
      ? this.db.prepare('SELECT * FROM jobs WHERE kind = ? ORDER BY created_at DESC, rowid DESC LIMIT ?').all(kind, limit)
      : this.db.prepare('SELECT * FROM jobs ORDER BY created_at DESC, rowid DESC LIMIT ?').all(limit);
    return (rows as JobRecord[]).map(toRow);
  }

  checkpoint(id: string): unknown {
    const r = this.db.prepare('SELECT checkpoint FROM jobs WHERE id = ?').get(id) as { checkpoint: string | null } | undefined;
    return r?.checkpoint ? JSON.parse(r.checkpoint) : null;
  }

  setState(id: string, state: JobState, extra: { error?: string | null; result?: unknown } = {}): void {
    const now = Date.now();
    const finished = state === 'done' || state === 'failed' || state === 'cancelled' || state === 'interrupted';
    this.db
      .prepare(
        `UPDATE jobs SET state = ?,
           error = CASE WHEN ? THEN ? ELSE error END,
           result = CASE WHEN ? THEN ? ELSE result END,
           started_at = CASE WHEN ? = 'running' THEN ? ELSE started_at END,
           finished_at = CASE WHEN ? THEN ? ELSE NULL END
         WHERE id = ?`,
      )
      .run(
        state,
        'error' in extra ? 1 : 0,
        extra.error ?? null,
        'result' in extra ? 1 : 0,
        'result' in extra ? JSON.stringify(extra.result ?? null) : null,
        state,
        now,
        finished ? 1 : 0,
        now,
        id,
      );
  }

  setProgress(id: string, p: JobProgress): void {
    this.db.prepare('UPDATE jobs SET progress = ? WHERE id = ?').run(JSON.stringify(p), id);
  }

  setCheckpoint(id: string, state: unknown): void {
    this.db.prepare('UPDATE jobs SET checkpoint = ? WHERE id = ?').run(JSON.stringify(state ?? null), id);
  }

  appendLog(id: string, level: JobLogLine['level'], text: string): JobLogLine {
    const time = Date.now();
    const { seq } = this.db
      .prepare('SELECT COALESCE(MAX(seq), -1) + 1 AS seq FROM job_logs WHERE job_id = ?')
      .get(id) as { seq: number };
    this.db.prepare('INSERT INTO job_logs (job_id, seq, time, level, text) VALUES (?, ?, ?, ?, ?)').run(id, seq, time, level, text);
    return { seq, time, level, text };
  }

  logs(id: string, afterSeq: number, limit: number): JobLogLine[] {
    return this.db
      .prepare('SELECT seq, time, level, text FROM job_logs WHERE job_id = ? AND seq > ? ORDER BY seq LIMIT ?')
      .all(id, afterSeq, limit) as JobLogLine[];
  }

  /** Jobs that were running or queued when the app died: they become visible, resumable rows. */
  markOrphansInterrupted(): string[] {
    const ids = (this.db.prepare(`SELECT id FROM jobs WHERE state IN ('running', 'queued')`).all() as { id: string }[]).map(
      (r) => r.id,
    );
    for (const id of ids) this.setState(id, 'interrupted', { error: 'The app stopped while this job was running; resume it to continue.' });
    return ids;
  }
}
