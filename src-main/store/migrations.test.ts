import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { applyMigrations, type Migration } from './migrations';

describe('applyMigrations', () => {
  const a1: Migration = { domain: 'a', version: 1, description: 't', up: 'CREATE TABLE a (x INTEGER)' };
  const a2: Migration = { domain: 'a', version: 2, description: 'col', up: 'ALTER TABLE a ADD COLUMN y TEXT' };
  const b1: Migration = { domain: 'b', version: 1, description: 't', up: 'CREATE TABLE b (x INTEGER)' };

  it('applies each domain in order once, and only new versions later', () => {
    const db = new Database(':memory:');
    expect(applyMigrations(db, [a1, b1])).toEqual(['a@1', 'b@1']);
    expect(applyMigrations(db, [a2, a1, b1])).toEqual(['a@2']);
    expect(applyMigrations(db, [a1, a2, b1])).toEqual([]);
    expect((db.prepare('PRAGMA table_info(a)').all() as { name: string }[]).map((c) => c.name)).toEqual(['x', 'y']);
  });

  it('rolls back a failing migration and refuses gaps', () => {
    const db = new Database(':memory:');
    const bad: Migration = { domain: 'c', version: 1, description: 'bad', up: 'CREATE TABLE c (x); SELECT * FROM missing' };
    expect(() => applyMigrations(db, [bad])).toThrow(/missing/);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'c'`).get()).toBeUndefined();
    expect(() => applyMigrations(db, [{ ...a2 }])).toThrow(/1\.\.n/);
  });
});
