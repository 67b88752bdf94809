import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../app/project-root';

describe('ssp-studio --help', () => {
  it('runs the real entry point and lists the serve, synth and index commands', () => {
    const out = execFileSync(process.execPath, ['bin/ssp-studio.mjs', '--help'], { cwd: projectRoot, encoding: 'utf8', timeout: 60_000 });
    expect(out).toMatch(/^ssp-studio — /);
    const commands = [...out.matchAll(/^ {2}(\w+) {2}/gm)].map((m) => m[1]);
    expect(commands).toEqual(expect.arrayContaining(['serve', 'synth', 'index']));
  });
});
