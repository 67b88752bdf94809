import type { Migration } from '../store/migrations';

export const jobMigrations: Migration[] = [
  {
    domain: 'jobs',
    version: 1,
    description: 'jobs with progress, checkpoints and logs',
    up: `
      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        state TEXT NOT NULL,
        params TEXT NOT NULL,
        progress TEXT NOT NULL,
        error TEXT,
        result TEXT,
        checkpoint TEXT,
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        finished_at INTEGER
      );
      CREATE INDEX jobs_created ON jobs (created_at DESC);
      CREATE TABLE job_logs (
        job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        time INTEGER NOT NULL,
        level TEXT NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (job_id, seq)
      );`,
  },
];
