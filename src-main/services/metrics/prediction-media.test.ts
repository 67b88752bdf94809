import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../app/compose';
import { appDbPath } from '../../app/data-dir';
import { allMigrations } from '../../app/migrations';
import { openDatabase } from '../../store/db';
import { grantRead } from '../fs/read-grants';
import { createRun, deleteRun } from './run-store';

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-predmedia-'));
const dataDir = path.join(base, 'data');
const app = createApp({ dataDir, host: 'web' });
afterAll(() => {
  app.dispose();
  fs.rmSync(base, { recursive: true, force: true });
});

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('rest')]);
const put = (file: string, body: string | Buffer) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, body);
};
const folderRun = (pred: string) => createRun(app.db, { name: path.basename(pred), kind: 'binary', source: { type: 'folder', name: path.basename(pred), path: pred }, datasetId: 1 });
const ask = (runId: number, o: Record<string, string> = {}) => app.media.handle('metrics/prediction', new URLSearchParams({ runId: String(runId), subset: 'v1s', uid: 'abc', t: '2', ...o }));

describe('metrics/prediction media route', () => {
  it("serves an imported run's prediction PNG and nothing outside its folder", async () => {
    const pred = path.join(base, 'pred');
    put(path.join(pred, 'v1s', 'abc', '2.png'), PNG);
    put(path.join(base, 'secret.png'), PNG);
    grantRead(app.db, pred, 'test import');
    const runId = folderRun(pred);
    const r = await ask(runId);
    expect([r.contentType, Buffer.from(r.body).equals(PNG)]).toEqual(['image/png', true]);
    await expect(ask(runId, { t: '3' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(ask(runId, { subset: '..', uid: '..', t: '0' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it("refuses a run whose folder was never imported, even though the run row names it", async () => {
    const pred = path.join(base, 'not-imported');
    put(path.join(pred, 'v1s', 'abc', '2.png'), PNG);
    await expect(ask(folderRun(pred))).rejects.toMatchObject({ code: 'forbidden' });
    // The data folder (in-app inference output) needs no grant.
    const inApp = path.join(dataDir, 'predictions', 'm-1');
    put(path.join(inApp, 'v1s', 'abc', '2.png'), PNG);
    expect(Buffer.from((await ask(folderRun(inApp))).body).equals(PNG)).toBe(true);
  });

  it('keeps a folder run imported before read grants existed viewable after the upgrade; one inserted after is refused', async () => {
    const oldData = path.join(base, 'old-data');
    const pred = path.join(base, 'pred-before-grants');
    const later = path.join(base, 'pred-after-upgrade');
    put(path.join(pred, 'v1s', 'abc', '2.png'), PNG);
    put(path.join(later, 'v1s', 'abc', '2.png'), PNG);
    const before = openDatabase(appDbPath(oldData), allMigrations.filter((m) => m.domain !== 'fs'));
    const oldRun = createRun(before, { name: 'old', kind: 'binary', source: { type: 'folder', name: 'old', path: pred }, datasetId: 1 });
    before.close();
    const upgraded = createApp({ dataDir: oldData, host: 'web' });
    try {
      const get = (runId: number) => upgraded.media.handle('metrics/prediction', new URLSearchParams({ runId: String(runId), subset: 'v1s', uid: 'abc', t: '2' }));
      expect(Buffer.from((await get(oldRun)).body).equals(PNG)).toBe(true);
      const lateRun = createRun(upgraded.db, { name: 'late', kind: 'binary', source: { type: 'folder', name: 'late', path: later }, datasetId: 1 });
      await expect(get(lateRun)).rejects.toMatchObject({ code: 'forbidden' });
    } finally {
      upgraded.dispose();
    }
  });

  it("deleting a run revokes its folder's grant only when no other run imports that folder", async () => {
    const pred = path.join(base, 'pred-deleted');
    put(path.join(pred, 'v1s', 'abc', '2.png'), PNG);
    grantRead(app.db, pred, 'test import');
    const [first, second] = [folderRun(pred), folderRun(pred)];
    expect(deleteRun(app.db, first)).toBe(true);
    expect(Buffer.from((await ask(second)).body).equals(PNG)).toBe(true);
    expect(deleteRun(app.db, second)).toBe(true);
    expect(deleteRun(app.db, second)).toBe(false);
    await expect(ask(folderRun(pred))).rejects.toMatchObject({ code: 'forbidden' });
  });

  it("cannot be used to read a text file or a file outside through a link", async () => {
    const pred = path.join(base, 'hostile');
    put(path.join(base, 'outside', 'passwords.txt'), 'hunter2');
    put(path.join(base, 'outside', '5.png'), PNG);
    put(path.join(pred, 'v1s', 'abc', '2.png'), 'hunter2 saved as .png');
    fs.mkdirSync(path.join(pred, 'v1s', 'abc', '3.png'));
    fs.symlinkSync(path.join(base, 'outside', 'passwords.txt'), path.join(pred, 'v1s', 'abc', '4.png'));
    fs.symlinkSync(path.join(base, 'outside'), path.join(pred, 'v1s', 'linked'));
    grantRead(app.db, pred, 'test import');
    const runId = folderRun(pred);
    await expect(ask(runId)).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/not a PNG/) });
    await expect(ask(runId, { t: '3' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(ask(runId, { t: '4' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(ask(runId, { uid: 'linked', t: '5' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(ask(runId, { uid: 'abc/../../../outside', t: '5' })).rejects.toMatchObject({ code: 'forbidden' });
    // The granted folder swapped for a link elsewhere after the import is no longer granted.
    fs.renameSync(pred, `${pred}-moved`);
    fs.symlinkSync(path.join(base, 'outside'), pred);
    put(path.join(base, 'outside', 'v1s', 'abc', '2.png'), PNG);
    await expect(ask(runId)).rejects.toMatchObject({ code: 'forbidden' });
  });
});
