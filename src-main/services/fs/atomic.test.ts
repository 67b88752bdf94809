import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renameDurable, writeFileAtomic } from './atomic';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-atomic-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

describe('writeFileAtomic', () => {
  it('replaces the content and leaves no temp file', () => {
    const file = path.join(dir, 'a', 'state.json');
    writeFileAtomic(file, 'old');
    writeFileAtomic(file, new Uint8Array([110, 101, 119]));
    expect(fs.readFileSync(file, 'utf8')).toBe('new');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['state.json']);
  });

  it('a write that fails (fsync EIO, a bad buffer) leaves the old file and no temp file', () => {
    const file = path.join(dir, 'b', 'state.json');
    writeFileAtomic(file, 'old');
    const synced: number[] = [];
    vi.spyOn(fs, 'fsyncSync').mockImplementationOnce((fd) => {
      synced.push(fd as number);
      throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
    });
    expect(() => writeFileAtomic(file, 'new')).toThrow(/EIO/);
    expect(synced).toHaveLength(1);
    expect(fs.readFileSync(file, 'utf8')).toBe('old');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['state.json']);
    expect(() => writeFileAtomic(file, 42 as unknown as string)).toThrow();
    expect(fs.readFileSync(file, 'utf8')).toBe('old');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['state.json']);
  });
});

describe('renameDurable', () => {
  it('fsyncs every file of a built folder before moving it into place', () => {
    const tmp = path.join(dir, 'entry.tmp');
    fs.mkdirSync(path.join(tmp, 'frames'), { recursive: true });
    for (const f of ['frames/0.jpg', 'frames/1.jpg', 'meta.json']) fs.writeFileSync(path.join(tmp, f), f);
    const synced: string[] = [];
    const open = fs.openSync;
    vi.spyOn(fs, 'openSync').mockImplementation((p, ...rest) => {
      synced.push(path.relative(dir, String(p)));
      return open(p, ...(rest as [string]));
    });
    renameDurable(tmp, path.join(dir, 'entry'));
    expect(synced.sort()).toEqual(['', 'entry.tmp', 'entry.tmp/frames', 'entry.tmp/frames/0.jpg', 'entry.tmp/frames/1.jpg', 'entry.tmp/meta.json']);
    expect(fs.readFileSync(path.join(dir, 'entry', 'frames', '1.jpg'), 'utf8')).toBe('frames/1.jpg');
    expect(fs.existsSync(tmp)).toBe(false);
  });
});
