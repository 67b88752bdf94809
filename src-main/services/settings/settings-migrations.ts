import type { Migration } from '../../store/migrations';

export const settingsMigrations: Migration[] = [
  {
    domain: 'settings',
    version: 1,
    description: 'settings as one JSON document per section',
    up: `CREATE TABLE settings (section TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER NOT NULL)`,
  },
];
