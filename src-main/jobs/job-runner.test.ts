import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '../store/db';
import { allMigrations } from '../app/migrations';
import { EventBus, type AppEvent } from '../api/events';
import { JobRunner } from './job-runner';
import { launchWorker } from './worker-launch';
import type { FromWorker } from './worker-protocol';
import { ProgressTracker } from './progress';
import { processAlive } from './test-processes';

const open: { runner: JobRunner; db: Db }[] = [];
function setup(file = ':memory:') {
  const db = openDatabase(file, allMigrations);
  const events = new EventBus();
  const seen: AppEvent[] = [];
  events.on((e) => seen.push(e));
  const runner = new JobRunner(db, events, { dataDir: os.tmpdir(), cancelGraceMs: 3000 });
  open.push({ runner, db });
  return { db, runner, seen };
}
afterEach(() => {
  for (const o of open.splice(0)) {
    o.runner.dispose();
    if (o.db.open) o.db.close();
  }
});

describe('JobRunner', () => {
  it('runs a job in a child process to completion with progress, logs and result', async () => {
    const { runner, seen } = setup();
    const job = runner.start('selftest', { items: 5, stepMs: 5 });
    expect(job.state).toBe('running');
    await runner.idle();
    const done = runner.get(job.id);
    expect(done.state).toBe('done');
    expect(done.result).toEqual({ counted: 5, resumedFrom: 0 });
    expect(done.progress.done).toBe(5);
    expect(runner.logs(job.id, -1, 100).map((l) => l.text)).toContain('finished');
    expect(seen.some((e) => e.type === 'job.updated' && e.job.state === 'done')).toBe(true);
  });

  it('records a failure with its message and lets it resume from the checkpoint', async () => {
    const { runner } = setup();
    const job = runner.start('selftest', { items: 6, stepMs: 1, failAt: 3 });
    await runner.idle();
    const failed = runner.get(job.id);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(/failed on purpose at step 3/);
    expect(failed.resumable).toBe(true);
  });

  it('rejects unknown kinds and bad params with clear errors', () => {
    const { runner } = setup();
    expect(() => runner.start('nope', {})).toThrow(/Unknown job kind "nope"/);
    expect(() => runner.start('selftest', { items: -1 })).toThrow(/items/);
  });

  it('cancels a running job and resumes it where it stopped', async () => {
    const { runner } = setup();
    const job = runner.start('selftest', { items: 100, stepMs: 10 });
    while (runner.get(job.id).progress.done < 3) await new Promise((r) => setTimeout(r, 20));
    runner.cancel(job.id);
    await runner.idle();
    const cancelled = runner.get(job.id);
    expect(cancelled.state).toBe('cancelled');
    const reached = cancelled.progress.done;
    expect(reached).toBeGreaterThanOrEqual(3);
    expect(reached).toBeLessThan(100);
    runner.resume(job.id);
    await runner.idle();
    const resumed = runner.get(job.id);
    expect(resumed.state).toBe('done');
    expect((resumed.result as { resumedFrom: number }).resumedFrom).toBeGreaterThanOrEqual(reached);
  }, 30_000);

  it('a job running when the app died shows as interrupted and resumable after restart', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-jobs-')), 'db.sqlite');
    const first = setup(file);
    const job = first.runner.start('selftest', { items: 500, stepMs: 10 });
    while (first.runner.get(job.id).progress.done < 2) await new Promise((r) => setTimeout(r, 20));
    first.runner.dispose(); // the worker is killed, the row still says running
    first.db.close();
    const second = setup(file);
    const row = second.runner.get(job.id);
    expect(row.state).toBe('interrupted');
    expect(row.resumable).toBe(true);
    second.runner.resume(job.id);
    while (second.runner.get(job.id).state !== 'running') await new Promise((r) => setTimeout(r, 10));
    second.runner.cancel(job.id);
    await second.runner.idle();
    expect((second.runner.get(job.id).progress.done)).toBeGreaterThanOrEqual(2);
  }, 30_000);
});

async function within(ms: number, ok: () => boolean): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) if (ok()) return true;
  return ok();
}
const heldPid = (text: string) => Number(/holding child process (\d+)/.exec(text)?.[1] ?? NaN);
const holding = { items: 10_000, stepMs: 10, holdChild: true };

// Process groups are POSIX; on Windows the worker has none to take its engines down with it.
describe.skipIf(process.platform === 'win32')('processes a job started', () => {
  it('die with the worker when the runner is disposed, and the row stays running (interrupted at the next start)', async () => {
    const { runner } = setup();
    const job = runner.start('selftest', holding);
    let pid = NaN;
    await within(10_000, () => !Number.isNaN((pid = heldPid(runner.logs(job.id, -1, 100).map((l) => l.text).join('\n')))));
    expect(pid).toBeGreaterThan(0);
    try {
      expect(processAlive(pid)).toBe(true);
      runner.dispose();
      expect(await within(5_000, () => !processAlive(pid))).toBe(true);
      expect(runner.get(job.id).state).toBe('running');
    } finally {
      if (processAlive(pid)) process.kill(pid, 'SIGKILL');
    }
  }, 30_000);

  it('die with the worker when the host goes away (IPC disconnect) without killing anything', async () => {
    const worker = launchWorker();
    const logs: string[] = [];
    worker.on('message', (m: FromWorker) => m.type === 'log' && logs.push(m.text));
    worker.send({ type: 'start', jobId: 'orphan-test', kind: 'selftest', params: holding, checkpoint: null, dataDir: os.tmpdir(), unsealed: {} });
    let pid = NaN;
    await within(10_000, () => !Number.isNaN((pid = heldPid(logs.join('\n')))));
    expect(pid).toBeGreaterThan(0);
    try {
      expect(processAlive(pid)).toBe(true);
      worker.disconnect(); // what the worker sees when the host dies
      expect(await within(5_000, () => !processAlive(pid) && !processAlive(worker.pid!))).toBe(true);
    } finally {
      if (processAlive(pid)) process.kill(pid, 'SIGKILL');
      if (processAlive(worker.pid!)) worker.kill('SIGKILL');
    }
  }, 30_000);
});

describe('ProgressTracker', () => {
  it('computes rate over the window and ETA from it', () => {
    const t = new ProgressTracker(10_000);
    t.update(0, 100, 0);
    const p = t.update(20, 100, 2_000);
    expect(p.rate).toBeCloseTo(10);
    expect(p.etaSeconds).toBeCloseTo(8);
    // Old samples leave the window: after a stall the rate reflects only recent progress.
    t.update(20, 100, 13_000);
    const stalled = t.update(20, 100, 14_000);
    expect(stalled.rate).toBe(0);
    expect(stalled.etaSeconds).toBeNull();
  });
});
