import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { generateSyntheticDataset } from '../src-main/services/synthetic/generate-dataset';
import { api, killHard, repoRoot, startServer, tempDir, type ServerHandle } from './harness';

// kill -9 of the host while work is under way, then a restart on the same data folder: the database must be intact,
// each job must show as resumable, and resuming must finish the work with the right result.
const servers: ServerHandle[] = [];
afterAll(async () => Promise.all(servers.map((s) => s.stop())));

interface Job {
  id: string;
  state: string;
  resumable: boolean;
  progress: { done: number; total: number };
  result: unknown;
  error: string | null;
}

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 120_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function integrity(dataDir: string): string {
  const db = new Database(path.join(dataDir, 'ssp-studio.sqlite'), { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

const start = async (opts: { dataDir: string }) => {
  const s = await startServer(opts);
  servers.push(s);
  return s;
};
const job = (s: ServerHandle, id: string) => api<Job>(s, 'jobs.get', { id });
const finished = (s: ServerHandle, id: string, timeoutMs?: number) =>
  waitFor(async () => {
    const j = await job(s, id);
    return ['done', 'failed', 'cancelled'].includes(j.state) ? j : undefined;
  }, `job ${id}`, timeoutMs);
const progressed = (s: ServerHandle, id: string, atLeast: number) =>
  waitFor(async () => {
    const j = await job(s, id);
    if (j.state === 'done' || j.state === 'failed') throw new Error(`job finished (${j.state}) before the kill point`);
    return j.progress.done >= atLeast ? j : undefined;
  }, `job ${id} to reach ${atLeast}`);

/** Kill -9, check the database, restart, check the job is resumable, resume it, and return the finished job. */
async function crashAndResume(first: ServerHandle, dataDir: string, jobId: string, timeoutMs?: number, afterKill?: () => Promise<void>): Promise<{ server: ServerHandle; job: Job }> {
  await killHard(first);
  await afterKill?.();
  expect(integrity(dataDir)).toBe('ok');
  const second = await start({ dataDir });
  const after = await job(second, jobId);
  expect(after.state).toBe('interrupted');
  expect(after.resumable).toBe(true);
  await api(second, 'jobs.resume', { id: jobId });
  const done = await finished(second, jobId, timeoutMs);
  expect(done.state, done.error ?? '').toBe('done');
  expect(integrity(dataDir)).toBe('ok');
  return { server: second, job: done };
}

async function openDataset(s: ServerHandle, root: string): Promise<number> {
  const { datasetId, job: j } = await api<{ datasetId: number; job: Job }>(s, 'datasets.open', { root });
  expect((await finished(s, j.id)).state).toBe('done');
  return datasetId;
}

let root: string;
const VIDEOS = 24;
beforeAll(async () => {
  root = (await generateSyntheticDataset({ out: path.join(tempDir('crash-ds'), 'avss'), videos: VIDEOS, seed: 9, size: 96 })).root;
});

describe('crash safety (kill -9 of the host)', () => {
  it('a job running when the host is killed resumes from its checkpoint', async () => {
    const dataDir = tempDir('crash-job');
    const first = await start({ dataDir });
    const j = await api<Job>(first, 'jobs.start', { kind: 'selftest', params: { items: 400, stepMs: 10 } });
    const seen = await progressed(first, j.id, 40);
    const { job: done } = await crashAndResume(first, dataDir, j.id);
    const result = done.result as { counted: number; resumedFrom: number };
    expect(result.counted).toBe(400);
    // Resumed from the last checkpoint (saved before each progress report), not from zero.
    expect(result.resumedFrom).toBeGreaterThanOrEqual(seen.progress.done);
    expect(result.resumedFrom).toBeLessThan(400);
  });

  it('(a) indexing: the catalog is whole after the restart, never half an index', async () => {
    const big = (await generateSyntheticDataset({ out: path.join(tempDir('crash-index'), 'avss'), videos: 12_356, seed: 4, metadataOnly: true })).root;
    const dataDir = tempDir('crash-index-data');
    const first = await start({ dataDir });
    const { datasetId, job: j } = await api<{ datasetId: number; job: Job }>(first, 'datasets.open', { root: big });
    await waitFor(async () => ((await job(first, j.id)).state === 'running' ? true : undefined), 'index job to run');
    await new Promise((r) => setTimeout(r, 150));
    await killHard(first);
    expect(integrity(dataDir)).toBe('ok');
    const second = await start({ dataDir });
    const state = (await job(second, j.id)).state;
    // Either the kill came before the one catalog transaction (nothing indexed) or after it (everything).
    const before = await api<{ total: number }>(second, 'datasets.videos', { datasetId, limit: 1 });
    expect([0, 12_356]).toContain(before.total);
    if (state === 'interrupted') {
      await api(second, 'jobs.resume', { id: j.id });
      expect((await finished(second, j.id)).state).toBe('done');
    }
    expect((await api<{ total: number }>(second, 'datasets.videos', { datasetId, limit: 1 })).total).toBe(12_356);
  });

  it('(b) flow job: resumes over the remaining videos; every video gets its masks and stats', async () => {
    const dataDir = tempDir('crash-flow');
    const first = await start({ dataDir });
    const datasetId = await openDataset(first, root);
    const j = await api<Job>(first, 'flow.run', { datasetId });
    await progressed(first, j.id, 4);
    const { server } = await crashAndResume(first, dataDir, j.id);
    const stats = await api<{ rows: { uid: string; frames: number; gtCoverage: number | null }[] } | { uid: string; gtCoverage: number | null }[]>(server, 'flow.stats', { datasetId, limit: 1000 });
    const rows = Array.isArray(stats) ? stats : stats.rows;
    expect(rows).toHaveLength(VIDEOS);
    expect(rows.every((r) => r.gtCoverage === null || (r.gtCoverage >= 0 && r.gtCoverage <= 1))).toBe(true);
    // No temp file of an interrupted write is left where the cache would read it.
    const leftovers = execSync(`find ${JSON.stringify(dataDir)} -name '*.tmp' | wc -l`).toString().trim();
    expect(Number(leftovers)).toBeLessThanOrEqual(1);
  });

  it('(c) evaluation being logged: the resumed run has every video once and the exact scores', async () => {
    const dataDir = tempDir('crash-metrics');
    const pred = tempDir('crash-pred');
    const many = (await generateSyntheticDataset({ out: path.join(tempDir('crash-metrics-ds'), 'avss'), videos: 240, seed: 6, size: 64 })).root;
    // Perfect predictions: the GT labels themselves, so every video must score mIoU 1 whatever the interruption.
    for (const subset of ['v1s', 'v1m', 'v2']) {
      for (const uid of fs.readdirSync(path.join(many, subset))) fs.cpSync(path.join(many, subset, uid, 'labels_semantic'), path.join(pred, subset, uid), { recursive: true });
    }
    const first = await start({ dataDir });
    const datasetId = await openDataset(first, many);
    const { runId, job: j } = await api<{ runId: number; job: Job }>(first, 'metrics.importPredictions', { datasetId, predDir: pred });
    await progressed(first, j.id, 20);
    const { server } = await crashAndResume(first, dataDir, j.id);
    const videos = await api<{ total: number; rows: { uid: string; miou: number }[] }>(server, 'metrics.videos', { runId, limit: 1000 });
    expect(videos.total).toBe(240);
    expect(new Set(videos.rows.map((r) => r.uid)).size).toBe(240);
    expect(videos.rows.every((r) => Math.abs(r.miou - 1) < 1e-9)).toBe(true);
  });

  it('(d) annotation: every autosave acknowledged before the kill is there after the restart', async () => {
    const dataDir = tempDir('crash-annot');
    const first = await start({ dataDir });
    const datasetId = await openDataset(first, root);
    const { rows } = await api<{ rows: { subset: string; uid: string }[] }>(first, 'datasets.videos', { datasetId, limit: 1 });
    const k = { datasetId, subset: rows[0].subset, uid: rows[0].uid, t: 0, width: 96, height: 96 };
    let acknowledged = 0;
    for (let v = 1; v <= 30; v++) {
      const rle = `0:${v * 100},3:${96 * 96 - v * 100}`;
      acknowledged = (await api<{ version: number }>(first, 'annotations.save', { ...k, rle })).version;
    }
    await killHard(first);
    expect(integrity(dataDir)).toBe('ok');
    const second = await start({ dataDir });
    const got = await api<{ version: number; rle: string }>(second, 'annotations.get', { datasetId, subset: k.subset, uid: k.uid, t: 0 });
    expect(got.version).toBe(acknowledged);
    expect(got.rle).toBe(`0:3000,3:${96 * 96 - 3000}`);
  });

  it.skipIf(!fs.existsSync(path.join(repoRoot, '.venv', 'bin', 'python')))(
    '(e) training: the engine stops with its host, and the resumed run continues from last.pt to the end',
    async () => {
      const small = (await generateSyntheticDataset({ out: path.join(tempDir('crash-train'), 'avss'), videos: 6, seed: 2, size: 64 })).root;
      const dataDir = tempDir('crash-train-data');
      const first = await start({ dataDir });
      const datasetId = await openDataset(first, small);
      const { job: j } = await api<{ job: Job }>(first, 'training.start', { name: 'crash', datasetId, size: 'tiny', variant: 'aavs', epochs: 40, maxSteps: 9, batchSize: 2, imageSize: 64 });
      await waitFor(async () => {
        const runs = await api<{ jobId: string; checkpoint: string | null; lastStep: number }[]>(first, 'training.runs', {});
        const r = runs.find((x) => x.jobId === j.id);
        return r?.checkpoint && r.lastStep >= 4 ? r : undefined;
      }, 'a checkpoint');
      // '[s]sp_engine' so the pattern does not match the shell running pgrep.
      const pids = () => execSync(`pgrep -f ${JSON.stringify(`[s]sp_engine train --config ${path.join(dataDir, 'training', j.id)}`)} || true`).toString().trim();
      expect(pids()).not.toBe('');
      const engineGone = () => waitFor(async () => (pids() === '' ? true : undefined), 'the engine to stop after its host was killed', 60_000).then(() => undefined);
      const { server } = await crashAndResume(first, dataDir, j.id, 240_000, engineGone);
      const runs = await api<{ jobId: string; lastStep: number; state: string }[]>(server, 'training.runs', {});
      expect(runs.find((r) => r.jobId === j.id)).toMatchObject({ lastStep: 9, state: 'done' });
      expect(pids()).toBe('');
    },
    400_000,
  );
});
