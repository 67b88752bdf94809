import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DerivedCache } from './derived-cache';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-cache-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('derived media cache', () => {
  it('builds an entry once, shares concurrent builds, and keys by path + size + mtime + settings', async () => {
    const src = path.join(dir, 'a.wav');
    fs.writeFileSync(src, 'abc');
    const cache = new DerivedCache(path.join(dir, 'cache'));
    let builds = 0;
    const build = async (tmp: string) => {
      builds++;
      await new Promise((r) => setTimeout(r, 20));
      fs.writeFileSync(tmp, `built ${builds}`);
    };
    const k = cache.key(src, 'peaks:100');
    const [a, b] = await Promise.all([cache.ensure(k, 'w.json', build), cache.ensure(k, 'w.json', build)]);
    expect(a).toBe(b);
    expect([builds, fs.readFileSync(a, 'utf8')]).toEqual([1, 'built 1']);
    expect(await cache.ensure(k, 'w.json', build)).toBe(a);
    expect(builds).toBe(1);
    expect(cache.key(src, 'peaks:200')).not.toBe(k);
    fs.writeFileSync(src, 'abcd');
    expect(cache.key(src, 'peaks:100')).not.toBe(k);
    fs.writeFileSync(src, 'wxyz');
    fs.utimesSync(src, new Date(0), new Date(1000));
    const k2 = cache.key(src, 'peaks:100');
    fs.utimesSync(src, new Date(0), new Date(2000));
    expect(cache.key(src, 'peaks:100')).not.toBe(k2);
  });

  it('a failed build leaves nothing behind (no partial entry, no temp file) and can be retried', async () => {
    const src = path.join(dir, 'b.mp4');
    fs.writeFileSync(src, 'x');
    const cache = new DerivedCache(path.join(dir, 'cache2'));
    const k = cache.key(src, 'frames');
    await expect(
      cache.ensure(k, 'frames', async (tmp) => {
        fs.mkdirSync(tmp);
        fs.writeFileSync(path.join(tmp, '0.jpg'), 'half');
        throw new Error('ffmpeg died');
      }),
    ).rejects.toThrow('ffmpeg died');
    const entryDir = path.join(dir, 'cache2', k.slice(0, 2), k);
    expect(fs.readdirSync(entryDir)).toEqual([]);
    const ok = await cache.ensure(k, 'frames', async (tmp) => fs.mkdirSync(tmp));
    expect(fs.statSync(ok).isDirectory()).toBe(true);
  });
});
