import os from 'node:os';
import path from 'node:path';

/**
 * Where the app keeps its database, caches and annotations. Order: explicit option, SSP_STUDIO_DATA,
 * then the platform's per-user data folder (the Electron host passes app.getPath('userData')).
 */
export function resolveDataDir(explicit?: string): string {
  if (explicit) return path.resolve(explicit);
  if (process.env.SSP_STUDIO_DATA) return path.resolve(process.env.SSP_STUDIO_DATA);
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'ssp-studio');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'ssp-studio');
  return path.join(process.env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'ssp-studio');
}

/** The app's SQLite file inside a data folder; the host and job workers open the same file (WAL). */
export function appDbPath(dataDir: string): string {
  return path.join(dataDir, 'ssp-studio.sqlite');
}
