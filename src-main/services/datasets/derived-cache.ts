import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { renameDurable } from '../fs/atomic';
import { derivedTempPath } from '../fs/temp-files';

/**
 * Files derived from dataset media (frames extracted from videos, 16 kHz audio, waveform peaks, spectrograms), kept
 * under the app's data folder. A key covers the source's path, size and mtime plus the settings that shaped the
 * output, so a changed source or setting never reads a stale entry. Entries appear atomically and durably (built in
 * a temp path, fsynced, then renamed: a crash never leaves a half-written entry under the final name), and
 * concurrent requests for one key share one build.
 */
export class DerivedCache {
  private readonly building = new Map<string, Promise<string>>();

  constructor(readonly dir: string) {}

  key(source: string, settings: string): string {
    const st = fs.statSync(source);
    return crypto.createHash('sha1').update(`${path.resolve(source)}\0${st.size}\0${st.mtimeMs}\0${settings}`).digest('hex').slice(0, 24);
  }

  /** Path of the entry `name` (a file or a folder) under `key`, building it with `build(tempPath)` when absent. */
  ensure(key: string, name: string, build: (tmp: string) => Promise<void>): Promise<string> {
    const final = path.join(this.dir, key.slice(0, 2), key, name);
    if (fs.existsSync(final)) return Promise.resolve(final);
    const running = this.building.get(final);
    if (running) return running;
    const job = (async () => {
      fs.mkdirSync(path.dirname(final), { recursive: true });
      const tmp = derivedTempPath(final);
      try {
        await build(tmp);
        try {
          renameDurable(tmp, final);
        } catch (e) {
          // Another process finished the same entry first: keep theirs.
          if (!fs.existsSync(final)) throw e;
        }
        return final;
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
        this.building.delete(final);
      }
    })();
    this.building.set(final, job);
    return job;
  }
}
