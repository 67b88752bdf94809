import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Starts a job worker process. From sources (CLI, web host, tests) the TypeScript entry runs through tsx;
 * in the bundled Electron app electron-vite emits `job-worker.js` next to the main bundle, and Electron's
 * fork runs it as plain Node.
 * On POSIX the worker leads its own process group, which the processes it starts (the training engine, tools)
 * join, so a forced cancel can kill all of them at once (`killWorkerGroup`).
 */
export function launchWorker(): ChildProcess {
  const built = path.join(here, 'job-worker.js');
  const group = process.platform !== 'win32';
  if (fs.existsSync(built)) return fork(built, [], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], detached: group });
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return fork(path.join(here, 'worker-entry.ts'), [], {
    execArgv: ['--import', tsx],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    detached: group,
  });
}

/** SIGKILL for the worker and every process still in its group (an engine that ignored SIGTERM, say). */
export function killWorkerGroup(child: ChildProcess): void {
  if (process.platform !== 'win32' && child.pid) {
    try {
      process.kill(-child.pid, 'SIGKILL');
      return;
    } catch {
      // the group is gone already; fall through for the worker itself
    }
  }
  child.kill('SIGKILL');
}
