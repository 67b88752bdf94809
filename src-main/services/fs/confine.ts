import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../api/errors';

/**
 * Resolves a path given by the UI relative to an allowed root and refuses anything that leaves it:
 * absolute paths, `..` segments, NUL bytes, and symlinks whose target lies outside the root.
 */
export function resolveInside(root: string, relative: string): string {
  if (relative.includes('\0')) throw new AppError('forbidden', 'Path contains a NUL byte.');
  if (path.isAbsolute(relative) || /^[a-zA-Z]:/.test(relative)) {
    throw new AppError('forbidden', `Absolute paths are not accepted here: ${relative}`);
  }
  const rootReal = fs.realpathSync(root);
  const candidate = path.resolve(rootReal, relative);
  if (!isInside(rootReal, candidate)) throw new AppError('forbidden', `Path leaves the allowed folder: ${relative}`);
  let real: string;
  try {
    real = fs.realpathSync(candidate);
  } catch {
    return candidate; // does not exist (yet): the lexical check above is all there is to check
  }
  if (!isInside(rootReal, real)) throw new AppError('forbidden', `Path points outside the allowed folder through a link: ${relative}`);
  return real;
}

export function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
