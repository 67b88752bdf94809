import type { Migration } from '../../store/migrations';

export const annotationsMigrations: Migration[] = [
  {
    domain: 'annotations',
    version: 1,
    description: 'corrected GT masks per frame (RLE) with every saved version kept as history',
    up: `
      CREATE TABLE annotations (
        dataset_id INTEGER NOT NULL,
        subset TEXT NOT NULL,
        uid TEXT NOT NULL,
        t INTEGER NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        rle TEXT NOT NULL,
        version INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (dataset_id, subset, uid, t)
      );
      CREATE TABLE annotation_history (
        dataset_id INTEGER NOT NULL,
        subset TEXT NOT NULL,
        uid TEXT NOT NULL,
        t INTEGER NOT NULL,
        version INTEGER NOT NULL,
        rle TEXT NOT NULL,
        saved_at INTEGER NOT NULL,
        PRIMARY KEY (dataset_id, subset, uid, t, version)
      );
    `,
  },
];
