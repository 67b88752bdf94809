import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app/compose';
import { writeMetricsFixture, type MetricsFixture } from './test-fixture';

let dir: string;
let fx: MetricsFixture;
let app: App;

async function call<T = unknown>(method: string, input: unknown): Promise<T> {
  const res = await app.dispatch(method, input);
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`);
  return res.value as T;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-metrics-api-'));
  fx = await writeMetricsFixture(dir);
  app = createApp({ dataDir: path.join(dir, 'data'), host: 'web' });
});

afterAll(() => {
  app.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('metrics API', () => {
  it('imports two prediction folders as jobs, lists, compares, exports and deletes the runs', async () => {
    const a = await call<{ runId: number; job: { id: string } }>('metrics.importPredictions', { predDir: fx.predA, datasetId: 1, root: fx.root, split: 'test', name: 'A' });
    const b = await call<{ runId: number; job: { id: string } }>('metrics.importPredictions', { predDir: fx.predB, datasetId: 1, root: fx.root, split: 'test', name: 'B' });
    await app.jobs.idle();
    expect(app.jobs.get(a.job.id)).toMatchObject({ state: 'done', result: { runId: a.runId, videos: 6, skipped: 0 } });
    const runs = await call<{ id: number; name: string; state: string; jobId: string; miou: number }[]>('metrics.runs', {});
    expect(runs.map((r) => [r.name, r.state, r.jobId])).toEqual([
      ['B', 'done', b.job.id],
      ['A', 'done', a.job.id],
    ]);
    // B is the noisier model.
    expect(runs[0].miou).toBeLessThan(runs[1].miou);
    const cmp = await call<{ matched: number; onlyA: number; meanDMiou: number; losses: unknown[] }>('metrics.compare', { a: a.runId, b: b.runId });
    expect(cmp).toMatchObject({ matched: 5, onlyA: 1 });
    expect(cmp.meanDMiou).toBeLessThan(0);
    const file = path.join(dir, 'out', 'a.csv');
    const exp = await call<{ content: string; written: string }>('metrics.export', { runId: a.runId, format: 'csv', file });
    expect(fs.readFileSync(file, 'utf8')).toBe(exp.content);
    expect(exp.content.trim().split('\n')).toHaveLength(7);
    expect(await call('metrics.delete', { runId: a.runId })).toEqual({ deleted: true });
    await expect(call('metrics.run', { runId: a.runId })).rejects.toThrow(/not_found: No evaluation run/);
  }, 60_000);

  it('reads GT through the dataset catalog when no folder is given', async () => {
    const { datasetId } = await call<{ datasetId: number }>('datasets.open', { root: fx.root });
    await app.jobs.idle();
    const { runId, job } = await call<{ runId: number; job: { id: string } }>('metrics.importPredictions', { predDir: fx.predA, datasetId, split: 'test' });
    await app.jobs.idle();
    expect(app.jobs.get(job.id).state).toBe('done');
    const viaCatalog = await call<{ run: { miou: number; videos: number; datasetRoot: string } }>('metrics.run', { runId });
    expect(viaCatalog.run).toMatchObject({ videos: 6, datasetRoot: fx.root });
    // The same GT read straight from the folder gives the same numbers.
    const folder = await call<{ runId: number }>('metrics.importPredictions', { predDir: fx.predA, datasetId, root: fx.root, split: 'test' });
    await app.jobs.idle();
    expect((await call<{ run: { miou: number } }>('metrics.run', { runId: folder.runId })).run.miou).toBe(viaCatalog.run.miou);
  }, 60_000);

  it('names a missing prediction folder before starting anything', async () => {
    await expect(call('metrics.importPredictions', { predDir: path.join(dir, 'missing'), datasetId: 1, root: fx.root })).rejects.toThrow(/bad_input: Prediction folder .*missing does not exist/);
  });
});
