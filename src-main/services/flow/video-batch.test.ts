import { describe, expect, it } from 'vitest';
import { AppError } from '../../api/errors';
import type { DatasetAccess, VideoFiles, VideoRef } from '../datasets/dataset-access';
import { runVideoBatch } from './video-batch';

const videos: VideoRef[] = ['a', 'b', 'c', 'd'].map((uid) => ({ subset: 's', uid }));
const access = {
  files: async (_id: number, v: VideoRef) => ({ ...v, split: 'test', frames: [], labels: [], labelKind: 'none', audio: null, classes: [] }) as VideoFiles,
} as unknown as DatasetAccess;

function fakeCtx(checkpoint: unknown = null, abortAfter = Infinity) {
  const controller = new AbortController();
  const ctx = {
    checkpoint,
    signal: controller.signal,
    logs: [] as { text: string; level?: string }[],
    saved: [] as unknown[],
    progress: (done: number) => done >= abortAfter && controller.abort(),
    log: (text: string, level?: string) => ctx.logs.push({ text, level }),
    saveCheckpoint: (s: unknown) => ctx.saved.push(s),
  };
  return ctx;
}

describe('video batch', () => {
  it('logs a failing video with its fix and goes on with the others', async () => {
    const ctx = fakeCtx();
    const seen: string[] = [];
    const result = await runVideoBatch(ctx, access, 1, videos, async (v) => {
      if (v.uid === 'b') throw new AppError('bad_input', 'b is broken.', { fix: 'Repair b.' });
      seen.push(v.uid);
    });
    expect(seen).toEqual(['a', 'c', 'd']);
    expect(result).toEqual({ videos: 4, failed: 1, errors: [{ video: 's/b', error: 'b is broken. Repair b.' }], resumedAt: 0 });
    expect(ctx.logs).toContainEqual({ text: 's/b: skipped: b is broken. Repair b.', level: 'error' });
    expect(ctx.saved.at(-1)).toEqual({ next: 4, failed: 1 });
  });

  it('stops between videos when cancelled and resumes at the first unfinished one', async () => {
    const first = fakeCtx(null, 2);
    const seen: string[] = [];
    await expect(runVideoBatch(first, access, 1, videos, async (v) => void seen.push(v.uid))).rejects.toThrow(/cancelled after 2 of 4/);
    expect(seen).toEqual(['a', 'b']);
    const second = fakeCtx(first.saved.at(-1));
    const result = await runVideoBatch(second, access, 1, videos, async (v) => void seen.push(v.uid));
    expect(seen).toEqual(['a', 'b', 'c', 'd']);
    expect(result.resumedAt).toBe(2);
  });
});
