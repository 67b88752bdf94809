import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MaskSettings } from '../../api/contracts/flow';
import { EventBus } from '../../api/events';
import { appDbPath } from '../../app/data-dir';
import { allMigrations } from '../../app/migrations';
import { JobRunner } from '../../jobs/job-runner';
import { openDatabase, type Db } from '../../store/db';
import { FlowCache } from './flow-cache';
import { maskKey, flowKey } from './flow-keys';
import { flowModelsDir } from './flow-model-manifest';
import { FIXTURE, writeFlowFixture } from './test-avss-fixture';
import { indexForTest } from './test-catalog';

let root: string;
let id: number;
let dataDir: string;
let db: Db;
let runner: JobRunner;
const events = new EventBus();
const settings = MaskSettings.parse({ workMaxSide: FIXTURE.width });

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-flowjob-ds-'));
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-flowjob-data-'));
  await writeFlowFixture(root);
  db = openDatabase(appDbPath(dataDir), allMigrations);
  ({ datasetId: id } = indexForTest(db, root));
  runner = new JobRunner(db, events, { dataDir });
});

afterAll(() => {
  runner.dispose();
  db.close();
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('flow jobs (child process)', () => {
  it('flow.masks computes every good video, logs the bad ones and fills the statistics table', async () => {
    const job = runner.start('flow.masks', { datasetId: id, settings });
    await runner.idle();
    const done = runner.get(job.id);
    expect(done.state).toBe('done');
    expect(done.result).toMatchObject({ videos: 4, failed: 2, computed: { flow: 2, masks: 2 } });
    const logs = runner.logs(job.id, -1, 100).map((l) => `${l.level} ${l.text}`);
    expect(logs).toContainEqual(expect.stringMatching(/^error v1s\/single: skipped: .*1 frame/));
    expect(logs).toContainEqual(expect.stringMatching(/^error v1s\/mixed: skipped: .*168x120.*same size/));
    const rows = new FlowCache(db, dataDir).stats(id, maskKey(flowKey(settings, flowModelsDir()), settings), 'gtCoverage', 'desc', 10);
    expect(rows.map((r) => r.uid)).toEqual(['moving', 'still']);
    expect(rows[0].gtCoverage).toBeGreaterThan(0.45);
    expect(rows[1].gtCoverage).toBe(0);
  }, 30_000);

  it('flow.masks stops when cancelled and a resumed job continues after the last finished video', async () => {
    const videos = Array.from({ length: 1000 }, () => ({ subset: 'v2', uid: 'still' })); // cache hits after the first
    const job = runner.start('flow.masks', { datasetId: id, settings, videos });
    // Cancel on the first live progress event past a few videos (the stored row is updated only twice a second).
    const stop = events.on((e) => {
      if (e.type === 'job.updated' && e.job.id === job.id && e.job.progress.done >= 3 && e.job.state === 'running') {
        stop();
        runner.cancel(job.id);
      }
    });
    await runner.idle();
    const cancelled = runner.get(job.id);
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.progress.done).toBeLessThan(1000);
    runner.resume(job.id);
    await runner.idle();
    const resumed = runner.get(job.id);
    expect(resumed.state).toBe('done');
    expect(resumed.result).toMatchObject({ videos: 1000, failed: 0, computed: { flow: 0, masks: 0 } });
    expect((resumed.result as { resumedAt: number }).resumedAt).toBeGreaterThanOrEqual(cancelled.progress.done);
  }, 30_000);

  it('flow.export writes M_O / M_Pre / M_Post PNGs in the training layout, re-using the cached masks', async () => {
    const outDir = path.join(dataDir, 'export');
    const job = runner.start('flow.export', { datasetId: id, settings, outDir, split: 'test' });
    await runner.idle();
    expect(runner.get(job.id)).toMatchObject({ state: 'done', result: { videos: 3, failed: 2, files: 3 * FIXTURE.frames } });
    const dir = path.join(outDir, 'v2', 'moving');
    expect(fs.readdirSync(path.join(dir, 'mask_pre')).sort()).toEqual(['0.png', '1.png', '2.png', '3.png', '4.png']);
    const read = async (layer: string) => {
      const file = path.join(dir, layer, '2.png');
      expect(await sharp(file).metadata()).toMatchObject({ width: FIXTURE.width, height: FIXTURE.height, channels: 1 });
      return sharp(file).extractChannel(0).raw().toBuffer();
    };
    const [o, pre, post] = [await read('mask_o'), await read('mask_pre'), await read('mask_post')];
    const gt = (await sharp(path.join(root, 'v2', 'moving', 'labels_semantic', '2.png')).extractChannel(0).raw().toBuffer()).map((v) => (v > 0 ? 1 : 0));
    const counts = { 0: 0, 128: 0, 255: 0 } as Record<number, number>;
    for (let i = 0; i < o.length; i++) {
      const expected = o[i] && gt[i] ? 255 : o[i] || gt[i] ? 128 : 0;
      expect(pre[i]).toBe(expected);
      expect(post[i]).toBe(o[i] && gt[i] ? 255 : 0);
      counts[pre[i]]++;
    }
    expect(counts[255]).toBeGreaterThan(FIXTURE.box * FIXTURE.box * 0.9); // the moving object
    expect(counts[128]).toBeGreaterThan(FIXTURE.box * FIXTURE.box); // the stationary object + edge smear
  }, 30_000);
});
