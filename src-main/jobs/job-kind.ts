import type { Db } from '../store/db';
import type { z } from 'zod';

/** What a job's code sees while it runs (inside its own child process). */
export interface JobContext<P> {
  jobId: string;
  params: P;
  /** The app's data folder (caches, checkpoints live under it). */
  dataDir: string;
  /** The app's SQLite database, opened on first use in this worker (WAL: the host keeps its own connection). */
  db(): Db;
  /** The last checkpoint the job saved before it was interrupted, or null on a fresh start. */
  checkpoint: unknown;
  /** Aborted when the user cancels; long loops check it between items. */
  signal: AbortSignal;
  progress(done: number, total: number, message?: string): void;
  log(text: string, level?: 'info' | 'warn' | 'error'): void;
  /** Persist resumable state (small JSON) in SQLite; a resumed job receives it as `checkpoint`. */
  saveCheckpoint(state: unknown): void;
  /** Plain text of the sealed secrets the kind asked for (`sealedSecrets`), opened by the host; in memory only. */
  unsealed: Readonly<Record<string, string>>;
}

export interface JobKind<S extends z.ZodType = z.ZodType> {
  kind: string;
  description: string;
  params: S;
  /** How long a cancelled job may take to stop cleanly before it is killed (default: the runner's). */
  cancelGraceMs?: number;
  /** Default title shown in the jobs list. */
  title(params: z.output<S>): string;
  /**
   * Sealed secrets (as stored in SQLite) this job needs opened. Runs in the host, whose SecretStore may be one a
   * worker cannot use (Electron's keychain); the host hands the plain text over the worker's IPC start message.
   */
  sealedSecrets?(params: z.output<S>, db: Db): string[];
  /** Runs in the worker process; returns a small JSON result stored with the job. */
  run(ctx: JobContext<z.output<S>>): Promise<unknown>;
}

export function defineJobKind<S extends z.ZodType>(def: JobKind<S>): JobKind<S> {
  return def;
}
