import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { diskCheck, freeBytes, gpuCheck, MIN_FREE_BYTES } from './launch-checks';

describe('gpuCheck', () => {
  it('asks nothing of a CPU run', () => {
    expect(gpuCheck(0, [], 0, 'here')).toBeNull();
  });

  it('fails a CUDA device asked on a machine with none, saying to choose CPU', () => {
    expect(gpuCheck(1, [0], 0, 'here')).toEqual({ name: 'GPUs', ok: false, detail: 'CUDA device 0 asked for, 0 CUDA device(s) visible to torch here', fix: 'Choose CPU, or install a CUDA build of torch on a GPU machine.' });
    expect(gpuCheck(2, [], 0, 'on gpu-box')).toMatchObject({ ok: false, detail: '2 requested, 0 CUDA device(s) visible to torch on gpu-box' });
  });

  it('accepts indices that exist and names the ones that do not', () => {
    expect(gpuCheck(2, [0, 2], 4, 'here')).toEqual({ name: 'GPUs', ok: true, detail: 'devices 0,2 requested, 4 CUDA device(s) visible to torch here' });
    expect(gpuCheck(2, [1, 3], 2, 'here')).toMatchObject({ ok: false, detail: 'CUDA device 3 asked for, 2 CUDA device(s) visible to torch here (indices 0–1)', fix: 'Choose among 0–1, or CPU.' });
    expect(gpuCheck(1, [0, 1], 2, 'here')).toMatchObject({ ok: false, detail: 'devices 0,1 chosen but 1 GPU(s) asked for' });
  });
});

describe('disk space', () => {
  it('reports the free space df reports, and fails when less is free than required', () => {
    const dir = os.tmpdir();
    const free = freeBytes(dir);
    const byDf = Number(execFileSync('df', ['-B1', '--output=avail', dir], { encoding: 'utf8' }).trim().split('\n').pop());
    expect(Math.abs(free - byDf)).toBeLessThan(64 * 1024 ** 2); // other writers may change it between the two reads
    const tooMuch = free + 1024 ** 4; // a terabyte more than is free
    const short = diskCheck(free, tooMuch, `in ${dir}`);
    expect(short).toEqual({ name: 'Disk space', ok: false, detail: `${(free / 1024 ** 3).toFixed(1)} GiB free in ${dir}`, fix: `Free at least ${(tooMuch / 1024 ** 3).toFixed(1)} GiB there for checkpoints, or pick another folder.` });
    expect(diskCheck(free, 1024, `in ${dir}`).ok).toBe(true);
    expect(diskCheck(MIN_FREE_BYTES - 1, MIN_FREE_BYTES, 'x')).toMatchObject({ ok: false, fix: expect.stringMatching(/at least 2\.0 GiB/) });
  });
});
