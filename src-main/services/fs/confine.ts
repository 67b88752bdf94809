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
  // For a path that does not exist yet, its nearest existing ancestor decides where it would land.
  let existing = candidate;
  while (!fs.existsSync(existing)) existing = path.dirname(existing);
  const real = fs.realpathSync(existing);
  if (!isInside(rootReal, real)) throw new AppError('forbidden', `Path points outside the allowed folder through a link: ${relative}`);
  return existing === candidate ? real : path.join(real, path.relative(existing, candidate));
}

export function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
