import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../app/project-root';
import { detectLayout } from '../../services/datasets/detect-layout';
import { indexDataset } from '../../services/datasets/index-dataset';

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-cli-synth-'));
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

/** Runs the real entry point; returns the dataset root it reports. */
function synth(out: string, ...args: string[]): string {
  const stdout = execFileSync(process.execPath, ['bin/ssp-studio.mjs', 'synth', '--out', path.join(base, out), '--videos', '3', '--size', '64', ...args], { cwd: projectRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 });
  const m = /^wrote 3 videos to (.+) in [\d.]+ s$/m.exec(stdout);
  expect(m, stdout).not.toBeNull();
  return m![1];
}

describe('ssp-studio synth', () => {
  it('writes a dataset the reader indexes with 3 videos and no problems; the same seed gives the same metadata.csv', async () => {
    const root = synth('a', '--seed', '1');
    expect(detectLayout(root)).toBe('avss');
    const r = await indexDataset(root, 'avss', { previous: new Map(), ffmpeg: () => 'ffmpeg' });
    expect(r.fatal).toBeUndefined();
    expect(r.errors).toEqual([]);
    expect(r.videos).toHaveLength(3);
    expect(r.videos.filter((v) => v.error).map((v) => v.error)).toEqual([]);
    expect(r.videos.every((v) => v.frames > 0 && v.width === 64 && v.height === 64 && v.hasAudio)).toBe(true);

    const metadata = (dir: string) => fs.readFileSync(path.join(dir, 'metadata.csv'));
    expect(metadata(synth('b', '--seed', '1')).equals(metadata(root))).toBe(true);
    expect(metadata(synth('c', '--seed', '2', '--metadata-only')).equals(metadata(root))).toBe(false);
  }, 120_000);
});
