import fs from 'node:fs';

export type Check = { name: string; ok: boolean; detail: string; fix?: string };

/** Room for checkpoints of the Swin-Base config (a few hundred MB each: last, best, and the temp file of a write). */
export const MIN_FREE_BYTES = 2 * 1024 ** 3;

const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GiB`;

/**
 * GPUs asked for against the CUDA devices torch sees (`where`: "here" or the SSH host): `devices` are CUDA
 * indices (CUDA_VISIBLE_DEVICES), one per GPU; empty means the first `gpus` devices.
 */
export function gpuCheck(gpus: number, devices: number[], visible: number, where: string): Check | null {
  if (gpus === 0 && devices.length === 0) return null;
  const name = 'GPUs';
  const seen = `${visible} CUDA device(s) visible to torch ${where}`;
  if (devices.length && devices.length !== gpus) {
    return { name, ok: false, detail: `devices ${devices.join(',')} chosen but ${gpus} GPU(s) asked for`, fix: 'Give one CUDA index per GPU (the panel sets the count from the indices).' };
  }
  const missing = devices.filter((d) => d >= visible);
  if (missing.length) {
    return { name, ok: false, detail: `CUDA device ${missing.join(',')} asked for, ${seen}${visible ? ` (indices 0–${visible - 1})` : ''}`, fix: visible ? `Choose among 0–${visible - 1}, or CPU.` : 'Choose CPU, or install a CUDA build of torch on a GPU machine.' };
  }
  const ok = visible >= gpus;
  return { name, ok, detail: `${devices.length ? `devices ${devices.join(',')}` : `${gpus}`} requested, ${seen}`, ...(ok ? {} : { fix: 'Choose CPU or fewer GPUs, or install a CUDA build of torch on a GPU machine.' }) };
}

/** Free space for checkpoints against `minBytes`. */
export function diskCheck(freeBytes: number, minBytes: number, where: string): Check {
  const ok = freeBytes >= minBytes;
  return { name: 'Disk space', ok, detail: `${gib(freeBytes)} free ${where}`, ...(ok ? {} : { fix: `Free at least ${gib(minBytes)} there for checkpoints, or pick another folder.` }) };
}

/** Free bytes for an unprivileged user on the file system holding `dir`. */
export function freeBytes(dir: string): number {
  const st = fs.statfsSync(dir);
  return st.bavail * st.bsize;
}
