import { afterAll, describe, expect, it, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from './compose';
import { atomicTempPath, derivedTempPath } from '../services/fs/temp-files';

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-tempsweep-'));
const dataDir = path.join(base, 'data');
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

const put = (file: string, body = 'x') => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, body);
  return file;
};
// A pid that has just exited (node reports it after the child is reaped).
const deadPid = spawnSync(process.execPath, ['-e', '']).pid!;
// The same temp name as another writer's: swap this process's pid (between its separators) in the base name.
const withPid = (tmp: string, pid: number) => path.join(path.dirname(tmp), path.basename(tmp).replace(new RegExp(`([.-])${process.pid}([.-])`), `$1${pid}$2`));
const hoursAgo = (file: string, h: number) => {
  const t = new Date(Date.now() - h * 3_600_000);
  fs.utimesSync(file, t, t);
  return file;
};

describe('start-up temp sweep', () => {
  it("removes only the cache temps whose writer is gone or that are over an hour old", async () => {
    const entry = path.join(dataDir, 'cache', 'datasets', 'ab', 'abcdef', 'frames');
    const flowFile = path.join(dataDir, 'flow', 'fields', 'k1', '1-v1s-abc.sspf');
    const predPng = path.join(dataDir, 'predictions', 'm-1', 'v1s', 'abc', '0.png');
    const exported = path.join(dataDir, 'exports', 'masks', '0.png');

    const staleFrames = withPid(derivedTempPath(entry), deadPid);
    put(path.join(staleFrames, '0.jpg'));
    const staleFlow = put(withPid(atomicTempPath(flowFile), deadPid));
    const oldLivePng = hoursAgo(put(atomicTempPath(predPng)), 2);
    const stale = [staleFrames, staleFlow, oldLivePng];

    const keep = [
      put(derivedTempPath(path.join(path.dirname(entry), 'audio.wav'))), // a live writer (this process), fresh
      put(path.join(entry, '0.jpg')), // a finished entry
      put(flowFile),
      put(predPng),
      put(path.join(dataDir, 'flow', 'fields', 'k1', 'notes.tmp')), // not one of our temp names
      put(withPid(atomicTempPath(exported), deadPid)), // a temp name, but outside the caches
    ];

    const readdir = vi.spyOn(fs.promises, 'readdir');
    const app = createApp({ dataDir, host: 'web' });
    try {
      expect((await app.tempSweep).sort()).toEqual([...stale].sort());
      expect(stale.filter((p) => fs.existsSync(p))).toEqual([]);
      expect(keep.filter((p) => !fs.existsSync(p))).toEqual([]);
      // The walk stops where the writers put their files: the finished frames entry is never listed.
      const cachesListed = readdir.mock.calls.map(([dir]) => path.relative(dataDir, String(dir))).filter((d) => /^(cache|flow|predictions)/.test(d));
      expect(cachesListed.sort()).toEqual(
        ['cache/datasets', 'cache/datasets/ab', 'cache/datasets/ab/abcdef', 'flow', 'flow/fields', 'flow/fields/k1',
          'predictions', 'predictions/m-1', 'predictions/m-1/v1s', 'predictions/m-1/v1s/abc'].map((d) => path.normalize(d)).sort(),
      );
    } finally {
      readdir.mockRestore();
      app.dispose();
    }
  });
});
