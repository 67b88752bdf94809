import type { Migration } from '../../store/migrations';

// flow_fields / flow_masks index the cache files under <dataDir>/flow/. A row is valid only while the video's
// frames (and labels, for masks) still have the signature recorded in it; `settings` keeps what made the file.
export const flowMigrations: Migration[] = [
  {
    domain: 'flow',
    version: 1,
    description: 'flow settings, flow field and mask caches with per-video statistics',
    up: `
      CREATE TABLE flow_settings (id INTEGER PRIMARY KEY CHECK (id = 1), value TEXT NOT NULL, updated_at INTEGER NOT NULL);
      CREATE TABLE flow_fields (
        dataset_id INTEGER NOT NULL,
        subset TEXT NOT NULL,
        uid TEXT NOT NULL,
        flow_key TEXT NOT NULL,
        frames_sig TEXT NOT NULL,
        file TEXT NOT NULL,
        frames INTEGER NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        settings TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (dataset_id, subset, uid, flow_key)
      );
      CREATE TABLE flow_masks (
        dataset_id INTEGER NOT NULL,
        subset TEXT NOT NULL,
        uid TEXT NOT NULL,
        mask_key TEXT NOT NULL,
        flow_key TEXT NOT NULL,
        inputs_sig TEXT NOT NULL,
        file TEXT NOT NULL,
        settings TEXT NOT NULL,
        frames INTEGER NOT NULL,
        gt_frames INTEGER NOT NULL,
        gt_coverage REAL,
        motion_outside_gt REAL,
        motion_share REAL NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (dataset_id, subset, uid, mask_key)
      );
      CREATE INDEX flow_masks_by_key ON flow_masks (dataset_id, mask_key);`,
  },
];
