// Entry point of a job's child process: receives one 'start' message, runs the kind, reports back over IPC.
import { findJobKind } from './kinds/index';
import type { FromWorker, ToWorker } from './worker-protocol';
import { openDatabase, type Db } from '../store/db';
import { allMigrations } from '../app/migrations';
import { appDbPath } from '../app/data-dir';

// A send can fail once the host is gone (closed channel, EPIPE). Without a callback that failure is an unhandled
// 'error' event that ends the worker (exit 1) before the 'disconnect' handler below takes its process group down with
// it; with one it is dropped here, and 'disconnect' follows.
const send = (msg: FromWorker) => {
  if (process.connected) process.send?.(msg, undefined, undefined, () => {});
};
const controller = new AbortController();
let lastProgressAt = 0;
let db: Db | undefined;
let finished = false;

// The host died (or was killed): stop at once so no orphan keeps writing. The worker leads its own process group
// (launchWorker), which the engines and tools it started share, so it kills the whole group, itself included; a
// SIGKILL mid-write is safe for SQLite and for the atomic writers. Without a group (Windows) it only exits. The next
// host start marks the job interrupted, and resuming it continues from the last checkpoint.
process.on('disconnect', () => {
  if (finished) return;
  if (process.platform !== 'win32') {
    try {
      process.kill(-process.pid, 'SIGKILL');
    } catch {
      // not a group leader (started some other way): exit alone
    }
  }
  process.exit(2);
});

process.on('message', async (msg: ToWorker) => {
  if (msg.type === 'cancel') {
    controller.abort();
    return;
  }
  const kind = findJobKind(msg.kind);
  if (!kind) {
    send({ type: 'error', message: `Unknown job kind "${msg.kind}".`, cancelled: false });
    return process.exit(1);
  }
  try {
    const value = await kind.run({
      jobId: msg.jobId,
      params: kind.params.parse(msg.params),
      dataDir: msg.dataDir,
      db: () => (db ??= openDatabase(appDbPath(msg.dataDir), allMigrations)),
      checkpoint: msg.checkpoint,
      signal: controller.signal,
      progress(done, total, message) {
        // Throttle: a tight loop reporting every item would flood the IPC channel.
        const now = Date.now();
        if (done < total && now - lastProgressAt < 100) return;
        lastProgressAt = now;
        send({ type: 'progress', done, total, ...(message !== undefined ? { message } : {}) });
      },
      log: (text, level = 'info') => send({ type: 'log', level, text }),
      saveCheckpoint: (state) => send({ type: 'checkpoint', state }),
      unsealed: msg.unsealed,
    });
    send({ type: 'result', value: value ?? null });
  } catch (err) {
    send({ type: 'error', message: err instanceof Error ? err.message : String(err), cancelled: controller.signal.aborted });
  }
  db?.close();
  finished = true;
  // Let the IPC channel flush before exiting.
  process.disconnect?.();
});
