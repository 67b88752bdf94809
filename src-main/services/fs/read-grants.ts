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

/**
 * A checker for the media hot path (one call per prediction PNG): the data folder's real path and the grant query
 * are resolved once. The checker returns the real path of `dir` when it is inside the data folder or was granted;
 * otherwise a not_found or forbidden error.
 */
export function readableFolderCheck(db: Db, dataDir: string): (dir: string) => string {
  const dataReal = fs.realpathSync(dataDir);
  const granted = db.prepare('SELECT 1 FROM read_grants WHERE real_path = ?');
  return (dir) => {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch {
      throw new AppError('not_found', `Folder ${dir} no longer exists.`, { file: dir });
    }
    if (isInside(dataReal, real) || granted.get(real)) return real;
    throw new AppError('forbidden', `${path.basename(dir)} was never imported, so it cannot be read.`, { file: dir, fix: 'Import the folder (Metrics → import predictions) first.' });
  };
}
