import fs from 'node:fs';

/**
 * Test helper: the process exists and is not a zombie. A killed child whose parent has not reaped it yet still
 * answers kill(pid, 0); Linux shows it as state Z in /proc. Where /proc is missing (macOS) kill(pid, 0) decides.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    // On Linux a missing /proc entry means it exited between the two checks.
    return process.platform !== 'linux';
  }
}
