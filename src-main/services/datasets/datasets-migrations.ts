import type { Migration } from '../../store/migrations';

export const datasetsMigrations: Migration[] = [
  {
    domain: 'datasets',
    version: 1,
    description: 'dataset catalog: datasets, videos with per-item errors, dataset-level errors',
    up: `
      CREATE TABLE datasets (
        id INTEGER PRIMARY KEY,
        root TEXT NOT NULL UNIQUE,
        format TEXT NOT NULL,
        classes TEXT NOT NULL DEFAULT '[]',
        fatal TEXT,
        indexed_at INTEGER,
        index_ms INTEGER
      );
      CREATE TABLE dataset_videos (
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        subset TEXT NOT NULL,
        uid TEXT NOT NULL,
        vid TEXT NOT NULL,
        split TEXT NOT NULL,
        start_sec REAL NOT NULL,
        classes TEXT NOT NULL,
        frames INTEGER NOT NULL,
        label_frames TEXT NOT NULL,
        annotated INTEGER NOT NULL,
        width INTEGER,
        height INTEGER,
        has_audio INTEGER NOT NULL,
        stamp TEXT,
        error TEXT,
        ord INTEGER NOT NULL,
        PRIMARY KEY (dataset_id, subset, uid)
      );
      CREATE INDEX dataset_videos_order ON dataset_videos (dataset_id, ord);
      CREATE TABLE dataset_errors (
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        file TEXT NOT NULL,
        message TEXT NOT NULL,
        fix TEXT NOT NULL
      );
    `,
  },
  {
    domain: 'datasets',
    version: 2,
    description: "the dataset's own class palette (palette.json), when it ships one",
    up: `ALTER TABLE datasets ADD COLUMN palette TEXT;`,
  },
];
