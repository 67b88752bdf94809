import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The names of in-progress writes, defined once for the writers and for the start-up sweep that removes what a
 * crash left behind. Each name carries the writer's pid, so a sweep can tell a live write from an orphan.
 */
const ATOMIC = /^\..+\.(\d+)\.\d+\.tmp$/;
const DERIVED = /^.+\.tmp-(\d+)-[0-9a-f]{8}$/;

/** writeFileAtomic's temp file beside `file`: `.<name>.<pid>.<ms>.tmp`. */
export function atomicTempPath(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
}

/** The derived media cache's temp file or folder beside `final`: `<name>.tmp-<pid>-<8 hex>`. */
export function derivedTempPath(final: string): string {
  return `${final}.tmp-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
}

/** The pid of the writer that named this temp entry, or null when `name` is no temp name of ours. */
export function tempWriterPid(name: string): number | null {
  const m = ATOMIC.exec(name) ?? DERIVED.exec(name);
  return m ? Number(m[1]) : null;
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface SweepOptions {
  /** A temp entry older than this is removed even when its pid is alive (the pid may have been reused). */
  maxAgeMs: number;
  now?: number;
  alive?: (pid: number) => boolean;
}

/** A folder to sweep and how many folder levels below it the writers put their files (and so their temps). */
export interface SweepRoot {
  dir: string;
  depth: number;
}

/**
 * Removes temp entries under `roots` whose writer is gone or that are older than maxAgeMs; returns their paths.
 * Only names tempWriterPid recognises are touched; a temp folder is removed whole and never walked into. The walk
 * lists folders down to each root's depth and no further: a finished entry (a folder of frames, say) never holds
 * temps, and reading every cached file on each start would cost as much as the caches are large.
 */
export async function sweepStaleTemps(roots: SweepRoot[], opts: SweepOptions): Promise<string[]> {
  const now = opts.now ?? Date.now();
  const alive = opts.alive ?? processAlive;
  const removed: string[] = [];
  const walk = async (dir: string, levelsLeft: number): Promise<void> => {
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch {
      return; // a root that does not exist yet, or a folder removed meanwhile
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      const pid = tempWriterPid(e.name);
      if (pid === null) {
        if (e.isDirectory() && levelsLeft > 0) await walk(p, levelsLeft - 1);
        continue;
      }
      const st = await fs.promises.lstat(p).catch(() => null);
      if (!st || (alive(pid) && now - st.mtimeMs <= opts.maxAgeMs)) continue;
      await fs.promises.rm(p, { recursive: true, force: true });
      removed.push(p);
    }
  };
  for (const root of roots) await walk(root.dir, root.depth);
  return removed;
}
