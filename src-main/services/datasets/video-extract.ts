import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../api/errors';
import type { DerivedCache } from './derived-cache';
import { runFfmpeg } from './ffmpeg';

/** AVSBench samples 1 frame per second; plain videos are decoded at the same rate. */
export const FRAME_RATE = 1;
export const AUDIO_RATE = 16_000;

const failed = (rel: string, what: string, stderr: string) =>
  new AppError('bad_input', `ffmpeg could not ${what} ${rel}: ${stderr.trim().split('\n').slice(-2).join(' ').slice(0, 300) || 'no output'}.`, {
    file: rel,
    fix: `Check the file plays; re-encode it if not: ffmpeg -i "${rel}" -c:v libx264 -c:a aac fixed.mp4`,
  });

/** Frames 0..n-1 of a video at FRAME_RATE as JPEGs in the cache (`<t>.jpg`), extracted once. */
export async function extractFrames(ffmpeg: string, cache: DerivedCache, video: string, rel: string, frames: number): Promise<string[]> {
  const dir = await cache.ensure(cache.key(video, `frames:${FRAME_RATE}:${frames}`), 'frames', async (tmp) => {
    fs.mkdirSync(tmp, { recursive: true });
    const r = await runFfmpeg(ffmpeg, ['-v', 'error', '-i', video, '-vf', `fps=${FRAME_RATE}`, '-frames:v', String(frames), '-q:v', '3', '-start_number', '0', path.join(tmp, '%d.jpg')]);
    if (r.code !== 0 || !fs.existsSync(path.join(tmp, '0.jpg'))) throw failed(rel, 'extract frames from', r.stderr);
  });
  const have = fs.readdirSync(dir).filter((f) => /^\d+\.jpg$/.test(f)).length;
  return Array.from({ length: have }, (_, t) => path.join(dir, `${t}.jpg`));
}

/** The soundtrack of a media file as 16 kHz mono 16-bit wav in the cache, extracted once. */
export async function extractAudio(ffmpeg: string, cache: DerivedCache, media: string, rel: string): Promise<string> {
  return cache.ensure(cache.key(media, `audio:${AUDIO_RATE}`), 'audio.wav', async (tmp) => {
    const r = await runFfmpeg(ffmpeg, ['-v', 'error', '-i', media, '-vn', '-ac', '1', '-ar', String(AUDIO_RATE), '-c:a', 'pcm_s16le', '-f', 'wav', tmp]);
    if (r.code !== 0 || !fs.existsSync(tmp)) throw failed(rel, 'extract audio from', r.stderr);
  });
}
