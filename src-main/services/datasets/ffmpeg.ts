import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AppError } from '../../api/errors';

export interface FfmpegLocation {
  path: string;
  /** Which rule found it: the user's setting, the bundled @ffmpeg-installer binary, or PATH. */
  source: 'setting' | 'bundled' | 'system';
}

const isExecutable = (p: string) => {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
};

function bundledFfmpeg(): string | null {
  try {
    const p = (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path;
    return isExecutable(p) ? p : null;
  } catch {
    return null;
  }
}

function onPath(env: NodeJS.ProcessEnv): string | null {
  const names = process.platform === 'win32' ? ['ffmpeg.exe'] : ['ffmpeg'];
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const n of names) if (isExecutable(path.join(dir, n))) return path.join(dir, n);
  }
  return null;
}

/**
 * Finds ffmpeg: the user's setting (Settings → tools.ffmpegPath) when set, else the @ffmpeg-installer binary when its
 * file exists, else `ffmpeg` on PATH. Throws an AppError naming the fix when none is usable.
 */
export function locateFfmpeg(setting: string, env: NodeJS.ProcessEnv = process.env, bundled: () => string | null = bundledFfmpeg): FfmpegLocation {
  if (setting.trim()) {
    if (isExecutable(setting)) return { path: setting, source: 'setting' };
    throw new AppError('bad_input', `The ffmpeg set in Settings (${setting}) is not an executable file.`, { file: setting, fix: 'Fix Settings → Tools → ffmpeg path, or clear it to use the bundled/system ffmpeg.' });
  }
  const b = bundled();
  if (b) return { path: b, source: 'bundled' };
  const s = onPath(env);
  if (s) return { path: s, source: 'system' };
  throw new AppError('unavailable', 'ffmpeg was not found (no setting, no @ffmpeg-installer/ffmpeg binary, nothing on PATH).', {
    fix: 'Install it (Debian/Ubuntu: sudo apt-get install ffmpeg; macOS: brew install ffmpeg), run npm install, or set Settings → Tools → ffmpeg path.',
  });
}

/** Runs ffmpeg to completion; resolves with stdout and stderr whatever the exit code (the caller judges). */
export function runFfmpeg(bin: string, args: string[], signal?: AbortSignal): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['-hide_banner', '-nostdin', ...args], { stdio: ['ignore', 'pipe', 'pipe'], signal });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => {
      if (err.length < 1e6) err += b.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr: err }));
  });
}
