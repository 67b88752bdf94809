import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { AppError } from '../../api/errors';
import type { DatasetAccess, Split, VideoRef } from '../datasets/dataset-access';
import type { ModelManifest } from '../models/model-manifest';
import { audioTensor, frameTensor } from './clip-inputs';
import { openModelSession, type Provider } from './onnx-session';
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
      const feeds: Record<string, ort.Tensor> = {
        frames: new ort.Tensor('float32', await frameTensor(v.frames, m.preprocessing), [t, 3, h, w]),
        audio_mel: new ort.Tensor('float32', audioTensor(v.audio?.endsWith('.wav') ? v.audio : null, t, m.audio), [t, 1, m.audio.patchFrames, m.audio.melBins]),
      };
      const out = await session.run(feeds);
      const planes = predictionPlanes({ foreground: out.foreground.data as Float32Array, maskScores: out.mask_scores.data as Float32Array }, t, m.numClasses, h, w, m.task);
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
