import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { allMigrations } from '../app/migrations';
import { openDatabase } from './db';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-db-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('openDatabase', () => {
  it('runs the store in WAL mode (persisted in the file), with foreign keys on', () => {
    const file = path.join(dir, 'app.sqlite');
    const db = openDatabase(file, allMigrations);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.prepare("INSERT INTO settings (section, value, updated_at) VALUES ('x', '{}', 1)").run();
    expect(fs.existsSync(`${file}-wal`)).toBe(true);
    // WAL is a property of the database file: a plain second connection (a job worker's) sees it too.
    const other = new Database(file, { readonly: true });
    expect(other.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(other.prepare("SELECT value FROM settings WHERE section = 'x'").pluck().get()).toBe('{}');
    other.close();
    db.close();
  });
});
