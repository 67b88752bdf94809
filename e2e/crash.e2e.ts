import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { execSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type WebSocket from 'ws';
import { decodeRle } from '../src-main/core/annotation/rle';
import { generateSyntheticDataset } from '../src-main/services/synthetic/generate-dataset';
import { api, killHard, launchBrowser, openApp, openEvents, openForAnnotation, repoRoot, stagePixel, startServer, tempDir, type ServerHandle } from './harness';

// kill -9 of the host while work is under way, then a restart on the same data folder: the database must be intact,
// each job must show as resumable, and resuming must finish the work with the right result.
const servers: ServerHandle[] = [];
afterAll(async () => Promise.all(servers.map((s) => s.stop())));

interface Job {
  id: string;
  kind: string;
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

function withDb<T>(dataDir: string, read: (db: Database.Database) => T): T {
  const db = new Database(path.join(dataDir, 'ssp-studio.sqlite'), { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}
const integrity = (dataDir: string) => withDb(dataDir, (db) => db.pragma('integrity_check', { simple: true }) as string);

/** Everything an index writes to the catalog (ids and timings aside), in catalog order. */
const catalogOf = (dataDir: string) =>
  withDb(dataDir, (db) => ({
    datasets: db.prepare('SELECT root, format, classes, palette, fatal FROM datasets ORDER BY id').all(),
    videos: db.prepare('SELECT subset, uid, vid, split, start_sec, classes, frames, label_frames, annotated, width, height, has_audio, stamp, error, ord FROM dataset_videos ORDER BY dataset_id, ord').all(),
    errors: db.prepare('SELECT file, message, fix FROM dataset_errors ORDER BY rowid').all(),
  }));

/** sha256 of every file under `dir`, by relative path. */
function hashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const file = path.join(dir, rel);
    if (fs.statSync(file).isFile()) out[rel] = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  }
  return out;
}

/** Temp files of unfinished writes (writeFileAtomic's `.<name>.<pid>.<ms>.tmp`, the derived cache's `<name>.tmp-…`). */
const tempFiles = (dir: string) => (fs.readdirSync(dir, { recursive: true }) as string[]).filter((rel) => /\.tmp($|-)/.test(path.basename(rel)));

const gone = (pid: number) => {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') ?? true;
  } catch {
    return true;
  }
};

/**
 * Kills the host -9 the moment its event stream reports a job of `kind` part-way (0 < done < total), so the kill lands
 * mid-job every time rather than when a timer happens to fire. Resolves with that job and the host's worker pids.
 */
function killOnProgress(s: ServerHandle, events: WebSocket, kind: string): Promise<{ job: Job; workers: number[] }> {
  return new Promise((resolve) => {
    events.on('message', (m) => {
      const e = JSON.parse(String(m)) as { type: string; job?: Job };
      const p = e.job?.progress;
      if (e.type !== 'job.updated' || e.job!.kind !== kind || !p || !(p.done > 0 && p.done < p.total)) return;
      const workers = execSync(`pgrep -P ${s.process.pid} || true`).toString().split('\n').filter(Boolean).map(Number);
      s.process.kill('SIGKILL');
      events.removeAllListeners('message');
      events.terminate();
      resolve({ job: e.job!, workers });
    });
  });
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

  it('(a) indexing: killed mid-index (0 < done < total), the job resumes to the exact catalog an uninterrupted index gives', async () => {
    const VIDEOS_BIG = 12_356;
    const big = (await generateSyntheticDataset({ out: path.join(tempDir('crash-index'), 'avss'), videos: VIDEOS_BIG, seed: 4, metadataOnly: true })).root;
    const dataDir = tempDir('crash-index-data');
    const first = await start({ dataDir });
    const killed = killOnProgress(first, await openEvents(first), 'datasets.index');
    const { datasetId, job: j } = await api<{ datasetId: number; job: Job }>(first, 'datasets.open', { root: big });
    const { job: at, workers } = await killed;
    expect(at.id).toBe(j.id);
    expect(at.progress.total).toBe(VIDEOS_BIG);
    expect(workers).toHaveLength(1);
    // The orphaned worker stops on its own (it may finish the synchronous index pass it is in, never more).
    await waitFor(async () => (workers.every(gone) ? true : undefined), 'the index worker to stop after its host was killed', 60_000);
    expect(integrity(dataDir)).toBe('ok');
    const second = await start({ dataDir });
    const after = await job(second, j.id);
    expect([after.state, after.resumable]).toEqual(['interrupted', true]);
    // The catalog is written in one transaction: nothing or everything, never half an index.
    expect([0, VIDEOS_BIG]).toContain((await api<{ total: number }>(second, 'datasets.videos', { datasetId, limit: 1 })).total);
    await api(second, 'jobs.resume', { id: j.id });
    expect((await finished(second, j.id)).state).toBe('done');
    expect(integrity(dataDir)).toBe('ok');

    const refDir = tempDir('crash-index-ref');
    const ref = await start({ dataDir: refDir });
    await openDataset(ref, big);
    await ref.stop();
    const want = catalogOf(refDir);
    expect(want.videos).toHaveLength(VIDEOS_BIG);
    expect(catalogOf(dataDir)).toEqual(want);
  });

  it('(b) flow job: killed mid-run, it resumes to the same masks, fields and stats as an uninterrupted run, no temp file left', async () => {
    const stripTime = (rows: { computedAt: number }[]) => rows.map(({ computedAt: _t, ...r }) => r);
    const refDir = tempDir('crash-flow-ref');
    const ref = await start({ dataDir: refDir });
    const refDataset = await openDataset(ref, root);
    const rj = await api<Job>(ref, 'flow.run', { datasetId: refDataset });
    expect((await finished(ref, rj.id)).state).toBe('done');
    const want = stripTime(await api<{ computedAt: number }[]>(ref, 'flow.stats', { datasetId: refDataset, sortBy: 'uid' }));
    await ref.stop();
    expect(want).toHaveLength(VIDEOS);

    const dataDir = tempDir('crash-flow');
    const first = await start({ dataDir });
    const datasetId = await openDataset(first, root);
    expect(datasetId).toBe(refDataset); // same id, so the cache files have the same names as the reference's
    const killed = killOnProgress(first, await openEvents(first), 'flow.masks');
    const j = await api<Job>(first, 'flow.run', { datasetId });
    expect((await killed).job.id).toBe(j.id);
    const { server } = await crashAndResume(first, dataDir, j.id);
    expect(stripTime(await api<{ computedAt: number }[]>(server, 'flow.stats', { datasetId, sortBy: 'uid' }))).toEqual(want);
    expect(tempFiles(dataDir)).toEqual([]);
    const got = hashes(path.join(dataDir, 'flow'));
    expect(Object.keys(got).filter((f) => f.endsWith('.sspm'))).toHaveLength(VIDEOS);
    expect(got).toEqual(hashes(path.join(refDir, 'flow')));
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

  it('(d) annotation painted in the viewer: a host killed mid-stroke keeps every edit made over 1 s before the kill', async () => {
    const W = 96;
    const dataDir = tempDir('crash-paint');
    const first = await start({ dataDir });
    const datasetId = await openDataset(first, root);
    const { rows } = await api<{ rows: { subset: string; uid: string }[] }>(first, 'datasets.videos', { datasetId, limit: 1 });
    const v = rows[0];
    const classes = (await api<{ classes: string[] }>(first, 'datasets.info', { datasetId })).classes;
    const gt = await sharp(path.join(root, v.subset, v.uid, 'labels_semantic', '0.png')).extractChannel(0).raw().toBuffer();
    // A class absent from the frame's GT: every pixel of it after the restart was painted here.
    const k = classes.findIndex((_, c) => c > 0 && !gt.includes(c));
    expect(k).toBeGreaterThan(0);

    const browser = await launchBrowser();
    try {
      const page = await openApp(browser, first);
      await openForAnnotation(page, `${v.subset}/${v.uid}`);
      await page.getByTestId('paint-class').selectOption(String(k));
      await page.getByTestId('brush-size').fill('1');
      const at = await stagePixel(page, W);
      // Horizontal strokes on rows 3, 6, … (x 20..76), one after another with no pause, so edits keep arriving; the
      // host is killed in the middle of a stroke once six rows are over 1 s old, and painting goes on after it.
      const rowsPainted = new Map<number, number>(); // row → when its first stroke ended
      let killedAt = 0;
      for (let j = 0; !killedAt || Date.now() - killedAt < 500; j++) {
        const y = 3 + 3 * (j % 30);
        const p0 = at(20, y);
        await page.mouse.move(p0.x, p0.y);
        await page.mouse.down();
        for (let x = 24; x <= 76; x += 4) {
          const p = at(x, y);
          await page.mouse.move(p.x, p.y);
          if (!killedAt && x === 48 && [...rowsPainted.values()].filter((ended) => ended < Date.now() - 1_200).length >= 6) {
            killedAt = Date.now();
            await killHard(first);
          }
        }
        await page.mouse.up();
        if (!rowsPainted.has(y)) rowsPainted.set(y, Date.now());
      }
      await page.close();
      expect(integrity(dataDir)).toBe('ok');

      const second = await start({ dataDir });
      const saved = await api<{ width: number; height: number; rle: string } | null>(second, 'annotations.get', { datasetId, subset: v.subset, uid: v.uid, t: 0 });
      expect(saved).not.toBeNull();
      expect([saved!.width, saved!.height]).toEqual([W, W]);
      const mask = decodeRle(saved!.rle, W * W);
      const old = [...rowsPainted].filter(([, ended]) => ended <= killedAt - 1_000).map(([y]) => y);
      expect(old.length).toBeGreaterThanOrEqual(6);
      for (const y of old) expect(Array.from(mask.subarray(y * W + 20, y * W + 77)).filter((c) => c !== k), `row ${y}`).toEqual([]);
      // Away from the strokes the saved mask is the GT, untouched.
      const outside: number[] = [];
      for (let i = 0; i < W * W; i++) if ((i % W < 17 || i % W > 79) && mask[i] !== gt[i]) outside.push(i);
      expect(outside).toEqual([]);
    } finally {
      await browser.close();
    }
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
