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
 */
export function launchWorker(): ChildProcess {
  const built = path.join(here, 'job-worker.js');
  if (fs.existsSync(built)) return fork(built, [], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return fork(path.join(here, 'worker-entry.ts'), [], {
    execArgv: ['--import', tsx],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
}
