import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { AppError } from '../../api/errors';
import type { MediaRoutes } from '../../app/media-routes';
import { logMelSpectrogram, spectrogramImage } from '../../core/audio/log-mel';
import { decodeWavPcm16, type DecodedWav } from '../../core/audio/wav';
import { waveformPeaks } from '../../core/audio/waveform';
import { isInside, resolveInside } from '../fs/confine';
import type { CatalogDatasetAccess } from './catalog-access';
import type { VideoFiles } from './dataset-access';
import { extractAudio } from './video-extract';

function videoParams(p: URLSearchParams): { datasetId: number; subset: string; uid: string } {
  const datasetId = Number(p.get('datasetId'));
  const subset = p.get('subset') ?? '';
  const uid = p.get('uid') ?? '';
  if (!Number.isInteger(datasetId) || !subset || !uid) throw new AppError('validation', 'Media request needs datasetId, subset and uid.');
  // Refused before any lookup: names that could walk out of the dataset.
  if (`${subset}/${uid}`.split(/[/\\]/).includes('..') || uid.includes('/') || /[\0]/.test(subset + uid) || path.isAbsolute(subset)) {
    throw new AppError('forbidden', `Media request for ${subset}/${uid} leaves the dataset.`);
  }
  return { datasetId, subset, uid };
}

function intParam(p: URLSearchParams, name: string, min: number, max: number, fallback?: number): number {
  const raw = p.get(name);
  const v = raw === null && fallback !== undefined ? fallback : Number(raw);
  if (!Number.isInteger(v) || v < min || v > max) throw new AppError('validation', `Media request needs ${name} in ${min}..${max}.`);
  return v;
}

const contentTypeOf = (f: string) => ({ '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.wav': 'audio/wav' })[path.extname(f).toLowerCase()] ?? 'application/octet-stream';

/** Frames, GT labels, audio, waveform peaks and spectrograms of dataset videos; every file confined to the dataset root or the media cache. */
export function registerDatasetMedia(media: MediaRoutes, access: CatalogDatasetAccess): void {
  const resolve = async (p: URLSearchParams): Promise<{ files: VideoFiles; confine: (f: string) => string }> => {
    const { datasetId, subset, uid } = videoParams(p);
    const { root } = access.info(datasetId);
    const files = await access.files(datasetId, { subset, uid });
    const confine = (f: string) => {
      for (const base of [root, access.cache.dir]) if (isInside(path.resolve(base), path.resolve(f))) return resolveInside(base, path.relative(base, f));
      throw new AppError('forbidden', `${f} is outside the dataset.`);
    };
    return { files, confine };
  };
  const read = (file: string) => {
    try {
      return fs.readFileSync(file);
    } catch (e) {
      throw new AppError('not_found', `${path.basename(file)} cannot be read (${(e as NodeJS.ErrnoException).code}).`, { file });
    }
  };
  const frameLike = (pick: (f: VideoFiles) => (string | null)[], what: string) => async (p: URLSearchParams) => {
    const t = intParam(p, 't', 0, 100_000);
    const { files, confine } = await resolve(p);
    const f = pick(files)[t];
    if (!f) throw new AppError('not_found', `${files.subset}/${files.uid} has no ${what} for frame ${t}.`);
    const file = confine(f);
    return { contentType: contentTypeOf(file), body: read(file), maxAge: 0 };
  };
  /** The video's audio file, confined. */
  const audioFile = async (p: URLSearchParams): Promise<string> => {
    const { files, confine } = await resolve(p);
    if (!files.audio) throw new AppError('not_found', `${files.subset}/${files.uid} has no audio.`);
    return confine(files.audio);
  };
  /** Decoded samples: PCM16 wavs directly, anything else through ffmpeg at 16 kHz. */
  const decodeAudio = async (file: string): Promise<DecodedWav> => {
    try {
      return decodeWavPcm16(read(file));
    } catch (e) {
      if (e instanceof AppError) throw e;
      return decodeWavPcm16(read(await extractAudio(access.ffmpeg(), access.cache, file, path.basename(file))));
    }
  };
  /** A derived rendering of the audio, built once per (audio file, settings) and kept in the media cache. */
  const cached = async (p: URLSearchParams, settings: string, name: string, render: (wav: DecodedWav) => Promise<Uint8Array> | Uint8Array) => {
    const file = await audioFile(p);
    const out = await access.cache.ensure(access.cache.key(file, settings), name, async (tmp) => fs.writeFileSync(tmp, await render(await decodeAudio(file))));
    return read(out);
  };

  media.register('datasets/frame', frameLike((f) => f.frames, 'frame'));
  media.register('datasets/label', frameLike((f) => f.labels, 'GT mask'));
  media.register('datasets/audio', async (p) => ({ contentType: 'audio/wav', body: read(await audioFile(p)), maxAge: 0 }));
  media.register('datasets/waveform', async (p) => {
    const bins = intParam(p, 'bins', 10, 4000, 800);
    const body = await cached(p, `waveform:${bins}`, `waveform-${bins}.json`, (wav) => {
      const peaks = waveformPeaks(wav.samples, bins);
      return new TextEncoder().encode(JSON.stringify({ sampleRate: wav.sampleRate, seconds: wav.samples.length / wav.sampleRate, min: Array.from(peaks.min), max: Array.from(peaks.max) }));
    });
    return { contentType: 'application/json', body, maxAge: 0 };
  });
  media.register('datasets/spectrogram', async (p) => {
    const width = intParam(p, 'width', 16, 4000, 800);
    const body = await cached(p, `logmel:${width}`, `spectrogram-${width}.png`, async (wav) => {
      const img = spectrogramImage(logMelSpectrogram(wav.samples, wav.sampleRate), width);
      return sharp(Buffer.from(img.rgb), { raw: { width: img.width, height: img.height, channels: 3 } }).png().toBuffer();
    });
    return { contentType: 'image/png', body, maxAge: 0 };
  });
}
