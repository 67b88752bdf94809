import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import path from 'node:path';
import { api, killHard, startServer, tempDir, type ServerHandle } from './harness';

// kill -9 of the host while work is under way, then a restart on the same data folder: the database must be intact,
// the job must show as resumable, and resuming must finish the work from its checkpoint.
const servers: ServerHandle[] = [];
afterAll(async () => Promise.all(servers.map((s) => s.stop())));

interface Job {
  id: string;
  state: string;
  resumable: boolean;
  progress: { done: number; total: number };
  result: unknown;
}

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
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

describe('crash safety', () => {
  it('a job running when the host is killed -9 is resumable after restart and resumes from its checkpoint', async () => {
    const dataDir = tempDir('crash-job');
    const first = await startServer({ dataDir });
    servers.push(first);
    const job = await api<Job>(first, 'jobs.start', { kind: 'selftest', params: { items: 400, stepMs: 10 } });
    await waitFor(async () => {
      const j = await api<Job>(first, 'jobs.get', { id: job.id });
      return j.progress.done >= 40 ? j : undefined;
    }, 'progress');
    await killHard(first);
    expect(integrity(dataDir)).toBe('ok');

    const second = await startServer({ dataDir });
    servers.push(second);
    const after = await api<Job>(second, 'jobs.get', { id: job.id });
    expect(after.state).toBe('interrupted');
    expect(after.resumable).toBe(true);
    const checkpointed = after.progress.done;
    expect(checkpointed).toBeGreaterThanOrEqual(40);
    await api(second, 'jobs.resume', { id: job.id });
    const done = await waitFor(async () => {
      const j = await api<Job>(second, 'jobs.get', { id: job.id });
      return j.state === 'done' || j.state === 'failed' ? j : undefined;
    }, 'resumed job to finish');
    expect(done.state).toBe('done');
    const result = done.result as { counted: number; resumedFrom: number };
    expect(result.counted).toBe(400);
    // Resumed from the last checkpoint (saved before each progress report), not from zero.
    expect(result.resumedFrom).toBeGreaterThanOrEqual(checkpointed);
    expect(result.resumedFrom).toBeLessThan(400);
    expect(integrity(dataDir)).toBe('ok');
  });
});
