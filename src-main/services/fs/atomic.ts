import fs from 'node:fs';
import path from 'node:path';
import { atomicTempPath } from './temp-files';

/**
 * Writes a file so that readers see either the old or the new content, never a torn one:
 * temp file in the same folder, fsync, rename, then fsync the folder so the rename itself is durable.
 * A failed write removes its temp file and leaves the old file as it was.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = atomicTempPath(file);
  try {
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  syncDir(dir);
}

/**
 * Moves a finished temp file or folder (built by someone else: sharp, ffmpeg) into place durably: every file in it
 * fsynced first, then the rename, then the parent folder.
 */
export function renameDurable(tmp: string, final: string): void {
  syncTree(tmp);
  fs.renameSync(tmp, final);
  syncDir(path.dirname(final));
}

function syncTree(p: string): void {
  if (fs.statSync(p).isDirectory()) {
    for (const name of fs.readdirSync(p)) syncTree(path.join(p, name));
    return syncDir(p);
  }
  const fd = fs.openSync(p, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function syncDir(dir: string): void {
  try {
    const dfd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(dfd);
    } finally {
      fs.closeSync(dfd);
    }
  } catch {
    // Directory fsync is not supported everywhere (Windows); the rename is still atomic there.
  }
}
