import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../main';
import { generateSyntheticDataset } from '../../services/synthetic/generate-dataset';
import { exportObjectLayout } from '../../services/synthetic/object-layout-export';

let base: string;
beforeAll(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-cli-index-'));
});
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((s: string) => void lines.push(s));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return { code: await main(args), out: lines.join('\n') };
  } finally {
    log.mockRestore();
    err.mockRestore();
  }
}

describe('ssp-studio index', () => {
  it('indexes an MS3 folder into the app catalog and lists each problem with its fix', async () => {
    const avss = (await generateSyntheticDataset({ out: path.join(base, 'avss'), videos: 4, seed: 2, size: 32 })).root;
    const ms3 = (await exportObjectLayout(avss, path.join(base, 'ms3'), 'ms3')).root;
    const audio = fs.readdirSync(path.join(ms3, 'ms3_data', 'audio_wav'), { recursive: true }).map(String).find((f) => f.endsWith('.wav'))!;
    fs.writeFileSync(path.join(ms3, 'ms3_data', 'audio_wav', audio), '');
    const data = path.join(base, 'data');
    const r = await run(['index', ms3, '--data-dir', data, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(out).toMatchObject({ format: 'ms3', videos: 4, usable: 3, problems: 1 });
    expect(out.errors[0]).toMatchObject({ file: `ms3_data/audio_wav/${audio}`, message: expect.stringMatching(/no audio samples/), fix: expect.stringMatching(/ffmpeg/) });
    expect(fs.existsSync(path.join(data, 'ssp-studio.sqlite'))).toBe(true);
    const text = await run(['index', ms3, '--data-dir', data]);
    expect(text.out).toMatch(/^MS3 .*: 3\/4 videos usable, 1 problem\(s\)/);
    expect(text.out).toContain(`ms3_data/audio_wav/${audio}: `);
  });

  it('exits 1 when the dataset cannot load at all, and 2 on bad usage', async () => {
    const dir = path.join(base, 'bad');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 's4_meta_data.csv'), 'name,category\n');
    expect((await run(['index', dir, '--data-dir', path.join(base, 'data2')])).code).toBe(1);
    expect((await run(['index', '--data-dir', path.join(base, 'data2')])).code).toBe(2);
  });
});
