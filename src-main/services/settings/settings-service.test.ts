import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../store/db';
import { allMigrations } from '../../app/migrations';
import { SettingsService } from './settings-service';
import { EventBus } from '../../api/events';

const tmpDb = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-settings-')), 'db.sqlite');

describe('SettingsService', () => {
  it('fills defaults and persists a patch across reopen without touching other keys', () => {
    const file = tmpDb();
    const db = openDatabase(file, allMigrations);
    const s = new SettingsService(db);
    expect(s.get().jobs.concurrency).toBe(1);
    s.update({ ui: { lastDatasetRoot: '/data/avss' } });
    s.update({ ui: { theme: 'light' } });
    db.close();
    const reopened = new SettingsService(openDatabase(file, allMigrations)).get();
    expect(reopened.ui).toEqual({ theme: 'light', lastDatasetRoot: '/data/avss' });
    expect(reopened.jobs.concurrency).toBe(1);
  });

  it('announces changes on the event bus', () => {
    const events = new EventBus();
    const seen: string[] = [];
    events.on((e) => seen.push(e.type));
    new SettingsService(openDatabase(':memory:', allMigrations), events).update({ jobs: { concurrency: 2 } });
    expect(seen).toEqual(['settings.changed']);
  });

  it('resets only a section whose stored value is corrupt', () => {
    const db = openDatabase(':memory:', allMigrations);
    const s = new SettingsService(db);
    s.update({ tools: { ffmpegPath: '/opt/ffmpeg' }, jobs: { concurrency: 3 } });
    db.prepare(`UPDATE settings SET value = '{"concurrency": "many"}' WHERE section = 'jobs'`).run();
    const got = s.get();
    expect(got.jobs.concurrency).toBe(1);
    expect(got.tools.ffmpegPath).toBe('/opt/ffmpeg');
  });
});
