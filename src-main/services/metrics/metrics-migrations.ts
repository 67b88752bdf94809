import type { Migration } from '../../store/migrations';

// A run is one evaluation of predictions (a folder or an in-app model) on a dataset split with its settings.
// Videos and frames hang off it by integer keys so logging stays cheap; semantic runs also keep per-video class
// sums, from which the dataset numbers are re-aggregated (a resumed run adds videos and aggregates again).
export const metricsMigrations: Migration[] = [
  {
    domain: 'metrics',
    version: 1,
    description: 'evaluation runs with per-video, per-frame and per-class rows',
    up: `
      CREATE TABLE metrics_runs (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('binary', 'semantic')),
        source TEXT NOT NULL,
        dataset_id INTEGER NOT NULL,
        dataset_root TEXT,
        split TEXT,
        settings TEXT NOT NULL DEFAULT '{}',
        class_names TEXT NOT NULL DEFAULT '[]',
        state TEXT NOT NULL DEFAULT 'running',
        job_id TEXT,
        created_at INTEGER NOT NULL,
        finished_at INTEGER,
        videos INTEGER NOT NULL DEFAULT 0,
        frames INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        miou REAL, fscore REAL, miou_no_bg REAL, fscore_no_bg REAL
      );
      CREATE INDEX metrics_runs_dataset ON metrics_runs (dataset_id, created_at);
      CREATE TABLE metrics_videos (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES metrics_runs (id) ON DELETE CASCADE,
        subset TEXT NOT NULL,
        uid TEXT NOT NULL,
        frames INTEGER NOT NULL,
        miou REAL NOT NULL,
        fscore REAL NOT NULL,
        UNIQUE (run_id, subset, uid)
      );
      CREATE TABLE metrics_frames (
        video_id INTEGER NOT NULL REFERENCES metrics_videos (id) ON DELETE CASCADE,
        t INTEGER NOT NULL,
        iou REAL,
        fscore REAL,
        gt_pixels INTEGER NOT NULL,
        PRIMARY KEY (video_id, t)
      ) WITHOUT ROWID;
      CREATE TABLE metrics_video_classes (
        video_id INTEGER NOT NULL REFERENCES metrics_videos (id) ON DELETE CASCADE,
        class INTEGER NOT NULL,
        iou_sum REAL NOT NULL,
        f_sum REAL NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (video_id, class)
      ) WITHOUT ROWID;
      CREATE TABLE metrics_classes (
        run_id INTEGER NOT NULL REFERENCES metrics_runs (id) ON DELETE CASCADE,
        class INTEGER NOT NULL,
        iou REAL NOT NULL,
        fscore REAL NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (run_id, class)
      ) WITHOUT ROWID;
    `,
  },
];
