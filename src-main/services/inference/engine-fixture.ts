import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../app/project-root';

/** The project's venv Python with the engine, or null (tests that need PyTorch skip with that reason). */
export const venvPython = (() => {
  const p = path.join(projectRoot, '.venv', 'bin', 'python');
  return fs.existsSync(p) ? p : null;
})();

/** Runs a Python snippet in engine/ and returns its stdout (the tests' bridge to the PyTorch reference). */
export function runPython(code: string, args: string[] = []): string {
  if (!venvPython) throw new Error('no .venv');
  return execFileSync(venvPython, ['-c', code, ...args], { cwd: path.join(projectRoot, 'engine'), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A float32 little-endian .bin file written by numpy's tofile(). */
export const readF32 = (file: string) => {
  const b = fs.readFileSync(file);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
};
