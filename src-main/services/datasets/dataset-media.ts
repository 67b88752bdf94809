import fs from 'node:fs';
import { AppError } from '../../api/errors';
import { decodeWavPcm16 } from '../../core/audio/wav';
import { waveformPeaks } from '../../core/audio/waveform';
import type { MediaRoutes } from '../../app/media-routes';
import { resolveInside } from '../fs/confine';
import type { CatalogDatasetAccess } from './catalog-access';

function videoParams(p: URLSearchParams): { datasetId: number; subset: string; uid: string } {
  const datasetId = Number(p.get('datasetId'));
  const subset = p.get('subset') ?? '';
  const uid = p.get('uid') ?? '';
  if (!Number.isInteger(datasetId) || !subset || !uid) throw new AppError('validation', 'Media request needs datasetId, subset and uid.');
  return { datasetId, subset, uid };
}

function frameIndex(p: URLSearchParams): number {
  const t = Number(p.get('t'));
  if (!Number.isInteger(t) || t < 0 || t > 100_000) throw new AppError('validation', 'Media request needs a frame index t ≥ 0.');
  return t;
}

/** Frames, GT labels, audio and waveform of dataset videos, every path confined to the dataset root. */
export function registerDatasetMedia(media: MediaRoutes, access: CatalogDatasetAccess): void {
  const file = (p: URLSearchParams, rel: (subset: string, uid: string) => string) => {
    const { datasetId, subset, uid } = videoParams(p);
    const { root } = access.info(datasetId);
    const f = resolveInside(root, rel(subset, uid));
    try {
      return fs.readFileSync(f);
    } catch {
      throw new AppError('not_found', `${rel(subset, uid)} is not in the dataset.`);
    }
  };
  media.register('datasets/frame', (p) => {
    const t = frameIndex(p);
    return { contentType: 'image/jpeg', body: file(p, (s, u) => `${s}/${u}/frames/${t}.jpg`), maxAge: 3600 };
  });
  media.register('datasets/label', (p) => {
    const t = frameIndex(p);
    return { contentType: 'image/png', body: file(p, (s, u) => `${s}/${u}/labels_semantic/${t}.png`), maxAge: 0 };
  });
  media.register('datasets/audio', (p) => ({ contentType: 'audio/wav', body: file(p, (s, u) => `${s}/${u}/audio.wav`), maxAge: 3600 }));
  media.register('datasets/waveform', (p) => {
    const bins = Math.min(4000, Math.max(10, Number(p.get('bins') ?? 800) || 800));
    const wav = decodeWavPcm16(file(p, (s, u) => `${s}/${u}/audio.wav`));
    const peaks = waveformPeaks(wav.samples, bins);
    const body = JSON.stringify({ sampleRate: wav.sampleRate, seconds: wav.samples.length / wav.sampleRate, min: Array.from(peaks.min), max: Array.from(peaks.max) });
    return { contentType: 'application/json', body: new TextEncoder().encode(body), maxAge: 3600 };
  });
}
