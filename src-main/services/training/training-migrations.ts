import type { Migration } from '../../store/migrations';

export const trainingMigrations: Migration[] = [
  {
    domain: 'training',
    version: 1,
    description: 'training runs with their config, loss/lr/throughput curves and eval metrics per epoch',
    up: `
      CREATE TABLE training_runs (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        job_id TEXT,
        config TEXT NOT NULL,
        out_dir TEXT NOT NULL,
        state TEXT NOT NULL,
        total_steps INTEGER,
        last_step INTEGER NOT NULL DEFAULT 0,
        checkpoint TEXT,
        model TEXT,
        created_at INTEGER NOT NULL,
        finished_at INTEGER
      );
      CREATE TABLE training_points (
        run_id INTEGER NOT NULL REFERENCES training_runs(id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        series TEXT NOT NULL,
        value REAL,
        PRIMARY KEY (run_id, series, step)
      );
      CREATE TABLE training_evals (
        run_id INTEGER NOT NULL REFERENCES training_runs(id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        epoch INTEGER,
        split TEXT NOT NULL,
        control TEXT NOT NULL,
        metrics TEXT NOT NULL
      );
    `,
  },
  {
    domain: 'training',
    version: 2,
    description: 'the dataset a run trained on (model provenance)',
    up: 'ALTER TABLE training_runs ADD COLUMN dataset_id INTEGER',
  },
];
