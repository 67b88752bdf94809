import type { Migration } from '../../store/migrations';
import { grantFoldersImportedBefore } from './read-grants';

export const fsMigrations: Migration[] = [
  {
    domain: 'fs',
    version: 1,
    description: 'folders outside dataset roots and the data folder that the user explicitly imported for reading',
    up: `CREATE TABLE read_grants (real_path TEXT PRIMARY KEY, reason TEXT NOT NULL, created_at INTEGER NOT NULL)`,
  },
  {
    domain: 'fs',
    version: 2,
    description: 'grants for the folders of metrics runs imported before read grants existed',
    up: grantFoldersImportedBefore,
  },
];
