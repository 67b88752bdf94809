import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { AppError } from '../../api/errors';
import type { DatasetAccess, Split, VideoRef } from '../datasets/dataset-access';
import type { ModelManifest } from '../models/model-manifest';
import { audioTensor, frameTensor } from './clip-inputs';
import { openModelSession, type Provider } from '../onnx/onnx-session';
import { predictionPlanes, writePlanePng } from './prediction-png';

export interface InferenceHooks {
  signal: AbortSignal;
  progress(done: number, total: number, message?: string): void;
  log(text: string, level?: 'info' | 'warn' | 'error'): void;
}

/** Why a model cannot run in the app (inputs the app does not build yet), or null. */
export function unsupportedInputs(m: ModelManifest): string | null {
  const extra = m.inputs.map((i) => i.name).filter((n) => n !== 'frames' && n !== 'audio_mel');
  return extra.length ? `${m.name} takes ${extra.join(', ')}, which in-app inference does not provide yet (text prompts / stepping-stone prior); evaluate it with the engine (ssp_engine eval --save-predictions).` : null;
}

/** Frames per clip the model was trained with (the engine's data.clip_frames; 5 = AVSBench's 5 s clips). */
export function clipFrames(m: ModelManifest): number {
  const resolved = (m.createdFrom.config ?? m.trainedWith.config) as { data?: { clip_frames?: unknown } };
  const n = resolved.data?.clip_frames;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : 5;
}

/** The prediction folder already holds every frame of this video (a resumed job skips it). */
const complete = (predDir: string, v: VideoRef, frames: number) => Array.from({ length: frames }, (_, t) => path.join(predDir, v.subset, v.uid, `${t}.png`)).every((f) => fs.existsSync(f));

/**
 * Runs an exported model over a split, one clip (= one video) per call, and writes `<predDir>/<subset>/<uid>/<t>.png`
 * at each frame's size: the layout the metrics evaluation reads.
 */
export async function predictSplit(model: { manifest: ModelManifest; onnx: string }, access: DatasetAccess, datasetId: number, split: Split | undefined, predDir: string, hooks: InferenceHooks): Promise<{ videos: number; skipped: number; provider: Provider }> {
  const m = model.manifest;
  const why = unsupportedInputs(m);
  if (why) throw new AppError('bad_input', why, { fix: 'Export a model trained without the text branch and stepping stone (e.g. the aavs / +pre / +pre+post presets).' });
  const { session, provider } = await openModelSession(model.onnx);
  hooks.log(`${m.name} on ${provider.toUpperCase()} (onnxruntime-node)`);
  const [h, w] = m.preprocessing.size;
  const clip = clipFrames(m);
  const videos = access.list(datasetId, split);
  let skipped = 0;
  try {
    for (const [i, ref] of videos.entries()) {
      if (hooks.signal.aborted) throw new Error('cancelled');
      const v = await access.files(datasetId, ref);
      if (complete(predDir, v, v.frames.length)) {
        skipped++;
        continue;
      }
      const t = v.frames.length;
      const frames = await frameTensor(v.frames, m.preprocessing);
      const mel = audioTensor(v.audio?.endsWith('.wav') ? v.audio : null, t, m.audio);
      const planes: Uint8Array[] = [];
      // Clip by clip as the engine trained and evaluates (v2's 10-frame videos = 2 clips of 5), audio second t with frame t.
      for (let t0 = 0; t0 < t; t0 += clip) {
        const n = Math.min(clip, t - t0);
        const frameSize = 3 * h * w;
        const melSize = m.audio.patchFrames * m.audio.melBins;
        const out = await session.run({
          frames: new ort.Tensor('float32', frames.subarray(t0 * frameSize, (t0 + n) * frameSize), [n, 3, h, w]),
          audio_mel: new ort.Tensor('float32', mel.subarray(t0 * melSize, (t0 + n) * melSize), [n, 1, m.audio.patchFrames, m.audio.melBins]),
        });
        planes.push(...predictionPlanes({ foreground: out.foreground.data as Float32Array, maskScores: out.mask_scores.data as Float32Array }, n, m.numClasses, h, w, m.task));
      }
      for (const [f, px] of planes.entries()) {
        const meta = await sharp(v.frames[f]).metadata();
        await writePlanePng(path.join(predDir, v.subset, v.uid, `${f}.png`), px, w, h, { width: meta.width!, height: meta.height! }, m.task === 'avss-semantic');
      }
      hooks.progress(i + 1, videos.length, `${v.subset}/${v.uid}`);
    }
  } finally {
    await session.release();
  }
  return { videos: videos.length, skipped, provider };
}
