import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../api/errors';
import type { Db } from '../../store/db';
import { isInside } from './confine';

/**
 * Folders the UI may read besides dataset roots and the data folder: only those the user explicitly imported
 * (a prediction folder). A grant records the folder's real path at import, so a folder later swapped for a link
 * elsewhere is no longer granted.
 */
export function grantRead(db: Db, dir: string, reason: string): string {
  const real = fs.realpathSync(dir);
  db.prepare('INSERT INTO read_grants (real_path, reason, created_at) VALUES (?, ?, ?) ON CONFLICT (real_path) DO NOTHING').run(real, reason, Date.now());
  return real;
}

/** The real path of `dir` when it is inside the data folder or was granted; otherwise a forbidden error. */
export function readableFolder(db: Db, dataDir: string, dir: string): string {
  if (!fs.existsSync(dir)) throw new AppError('not_found', `Folder ${dir} no longer exists.`, { file: dir });
  const real = fs.realpathSync(dir);
  if (isInside(fs.realpathSync(dataDir), real)) return real;
  if (db.prepare('SELECT 1 FROM read_grants WHERE real_path = ?').get(real)) return real;
  throw new AppError('forbidden', `${path.basename(dir)} was never imported, so it cannot be read.`, { file: dir, fix: 'Import the folder (Metrics → import predictions) first.' });
}
