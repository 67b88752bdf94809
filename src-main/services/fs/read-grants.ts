import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../api/errors';
import type { Db } from '../../store/db';
import { isInside } from './confine';

/**
 * Folders the UI may read besides dataset roots and the data folder: only those the user explicitly imported
 * (a prediction folder). A grant records the folder's real path at import, so a folder later swapped for a link
 * elsewhere is no longer granted. Any authenticated caller may import any folder, so the API token, not the grant,
 * is the security boundary; the grant only keeps the media route from reading folders nobody imported.
 */
export function grantRead(db: Db, dir: string, reason: string): string {
  const real = fs.realpathSync(dir);
  db.prepare('INSERT INTO read_grants (real_path, reason, created_at) VALUES (?, ?, ?) ON CONFLICT (real_path) DO NOTHING').run(real, reason, Date.now());
  return real;
}

/** The real path of a folder, or where it would be when it no longer exists (grants are keyed by real path). */
const realOrResolved = (dir: string) => (fs.existsSync(dir) ? fs.realpathSync(dir) : path.resolve(dir));

/** Distinct folders that metrics runs imported from (in-app runs write into the data folder and need no grant). */
function folderRunPaths(db: Db): string[] {
  if (!db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'metrics_runs'`).get()) return [];
  return db
    .prepare(`SELECT DISTINCT json_extract(source, '$.path') FROM metrics_runs WHERE json_extract(source, '$.type') = 'folder' AND json_extract(source, '$.path') IS NOT NULL`)
    .pluck()
    .all() as string[];
}

/** Once, on upgrade: folders imported before grants existed get their grant, so their runs stay viewable. */
export function grantFoldersImportedBefore(db: Db): void {
  for (const dir of folderRunPaths(db)) if (fs.existsSync(dir)) grantRead(db, dir, 'folder run imported before read grants');
}

/** After a run is deleted: revokes the grant of its folder unless another run still imports the same folder. */
export function revokeUnusedGrant(db: Db, dir: string): void {
  const real = realOrResolved(dir);
  if (folderRunPaths(db).some((p) => realOrResolved(p) === real)) return;
  db.prepare('DELETE FROM read_grants WHERE real_path = ?').run(real);
}

/** The real path of `dir` when it is inside the data folder or was granted; otherwise a forbidden error. */
export function readableFolder(db: Db, dataDir: string, dir: string): string {
  if (!fs.existsSync(dir)) throw new AppError('not_found', `Folder ${dir} no longer exists.`, { file: dir });
  const real = fs.realpathSync(dir);
  if (isInside(fs.realpathSync(dataDir), real)) return real;
  if (db.prepare('SELECT 1 FROM read_grants WHERE real_path = ?').get(real)) return real;
  throw new AppError('forbidden', `${path.basename(dir)} was never imported, so it cannot be read.`, { file: dir, fix: 'Import the folder (Metrics → import predictions) first.' });
}
