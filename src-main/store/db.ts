import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { applyMigrations, type Migration } from './migrations';

export type Db = Database.Database;

/** Opens (creating if needed) the app database in WAL mode and brings every domain's schema up to date. */
export function openDatabase(file: string, migrations: readonly Migration[]): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // NORMAL is durable across app crashes in WAL mode (only an OS crash can lose the last transactions).
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  applyMigrations(db, migrations);
  return db;
}
