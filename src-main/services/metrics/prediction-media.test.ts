import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../app/compose';
import { createRun } from './run-store';

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-predmedia-'));
const app = createApp({ dataDir: path.join(base, 'data'), host: 'web' });
afterAll(() => {
  app.dispose();
  fs.rmSync(base, { recursive: true, force: true });
});

describe('metrics/prediction media route', () => {
  it("serves a run's prediction PNG and nothing outside its folder", async () => {
    const pred = path.join(base, 'pred');
    fs.mkdirSync(path.join(pred, 'v1s', 'abc'), { recursive: true });
    fs.writeFileSync(path.join(pred, 'v1s', 'abc', '2.png'), 'png-bytes');
    fs.writeFileSync(path.join(base, 'secret.png'), 'nope');
    const runId = createRun(app.db, { name: 'imported', kind: 'binary', source: { type: 'folder', name: 'pred', path: pred }, datasetId: 1 });
    const q = (o: Record<string, string>) => new URLSearchParams({ runId: String(runId), subset: 'v1s', uid: 'abc', t: '2', ...o });
    const r = await app.media.handle('metrics/prediction', q({}));
    expect([r.contentType, Buffer.from(r.body).toString()]).toEqual(['image/png', 'png-bytes']);
    await expect(app.media.handle('metrics/prediction', q({ t: '3' }))).rejects.toMatchObject({ code: 'not_found' });
    await expect(app.media.handle('metrics/prediction', q({ subset: '..', uid: '..', t: '0' }))).rejects.toMatchObject({ code: 'forbidden' });
  });
});
