import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { locateFfmpeg } from './ffmpeg';

let dir: string;
const exe = (name: string) => {
  const p = path.join(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, '#!/bin/sh\n', { mode: 0o755 });
  return p;
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-ffmpeg-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('ffmpeg locator', () => {
  it('takes the setting first, then the bundled binary, then PATH', () => {
    const setting = exe('custom/ffmpeg');
    const bundled = exe('bundled/ffmpeg');
    const system = exe('bin/ffmpeg');
    const env = { PATH: `${path.join(dir, 'nothing')}${path.delimiter}${path.dirname(system)}` };
    expect(locateFfmpeg(setting, env, () => bundled)).toEqual({ path: setting, source: 'setting' });
    expect(locateFfmpeg('', env, () => bundled)).toEqual({ path: bundled, source: 'bundled' });
    expect(locateFfmpeg('  ', env, () => null)).toEqual({ path: system, source: 'system' });
  });

  it('a setting that is not an executable file is an error naming the setting, not a silent fallback', () => {
    fs.writeFileSync(path.join(dir, 'not-exec'), '');
    for (const bad of [path.join(dir, 'missing'), path.join(dir, 'not-exec'), dir]) {
      expect(() => locateFfmpeg(bad, { PATH: '' }, () => exe('b/ffmpeg'))).toThrow(expect.objectContaining({ code: 'bad_input', details: expect.objectContaining({ fix: expect.stringMatching(/Settings/) }) }));
    }
  });

  it('with none anywhere the message names the fixes', () => {
    try {
      locateFfmpeg('', { PATH: path.join(dir, 'nothing') }, () => null);
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/ffmpeg was not found/) });
      expect(JSON.stringify(e)).toMatch(/apt-get install ffmpeg.*ffmpeg path/);
    }
  });

  it('finds the real bundled binary in this install', () => {
    const found = locateFfmpeg('', { PATH: '' });
    expect(found.source).toBe('bundled');
    expect(found.path).toMatch(/@ffmpeg-installer/);
  });
});
