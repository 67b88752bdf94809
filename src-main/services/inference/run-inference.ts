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
import { missingAnswers, readAnswers } from './prompt-answers';
import { textEncoder, type TextEncoder } from './text-inputs';

export interface InferenceHooks {
  signal: AbortSignal;
  progress(done: number, total: number, message?: string): void;
  log(text: string, level?: 'info' | 'warn' | 'error'): void;
}

const KNOWN_INPUTS = ['frames', 'audio_mel', 'text_ids', 'text_mask', 'prior_mask'];

/** What an inference call must supply besides the split: the prompt answers (text branch), a stage-1 model (stepping stone). */
export function inferenceNeeds(m: ModelManifest): { answers: boolean; stage1: boolean } {
  const names = m.inputs.map((i) => i.name);
  return { answers: names.includes('text_ids'), stage1: names.includes('prior_mask') };
}

/** Why a model cannot run in the app (inputs it does not know, a text model without its tokenizer), or null. */
export function unsupportedInputs(m: ModelManifest): string | null {
  const extra = m.inputs.map((i) => i.name).filter((n) => !KNOWN_INPUTS.includes(n));
  if (extra.length) return `${m.name} takes ${extra.join(', ')}, which in-app inference does not build; evaluate it with the engine (ssp_engine eval --save-predictions).`;
  if (inferenceNeeds(m).answers && !m.tokenizer) return `${m.name} takes text but its manifest has no tokenizer (exported by an older engine); export the run again.`;
  return null;
}

/** The answers.json the model's training run read (data.prompts_file), the natural default for inference. */
export function trainedAnswersFile(m: ModelManifest): string | null {
  const resolved = (m.createdFrom.config ?? m.trainedWith.config) as { data?: { prompts_file?: unknown } };
  const f = resolved.data?.prompts_file;
  return typeof f === 'string' && f ? f : null;
}

/** Frames per clip the model was trained with (the engine's data.clip_frames; 5 = AVSBench's 5 s clips). */
export function clipFrames(m: ModelManifest): number {
  const resolved = (m.createdFrom.config ?? m.trainedWith.config) as { data?: { clip_frames?: unknown } };
  const n = resolved.data?.clip_frames;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : 5;
}

/** The prediction folder already holds every frame of this video (a resumed job skips it). */
const complete = (predDir: string, v: VideoRef, frames: number) => Array.from({ length: frames }, (_, t) => path.join(predDir, v.subset, v.uid, `${t}.png`)).every((f) => fs.existsSync(f));

type Model = { manifest: ModelManifest; onnx: string };
export interface InferenceInputs {
  /** answers.json for a model with a text branch. */
  answersFile?: string;
  /** The stage-1 model whose binary prediction (foreground > 0.5) is a stage-2 model's prior_mask, as the engine's eval builds it. */
  stage1?: Model;
}

/** Checks that a call supplies what the model needs; AppErrors name the file / model and the fix. */
export function checkInferenceInputs(model: Model, inputs: InferenceInputs): void {
  const m = model.manifest;
  const why = unsupportedInputs(m);
  if (why) throw new AppError('bad_input', why, { fix: 'Export the run again with the current engine, or pick another model.' });
  const needs = inferenceNeeds(m);
  if (needs.answers && !inputs.answersFile) throw new AppError('bad_input', `${m.name} has a text branch (${m.switches.text}) and needs the prompt answers A1/A2 of every video.`, { fix: `Choose an answers.json (Prompt lab → Export)${trainedAnswersFile(m) ? `, e.g. the one it trained with: ${trainedAnswersFile(m)}` : ''}.` });
  if (needs.answers && !fs.existsSync(inputs.answersFile!)) throw new AppError('bad_input', `Prompt answers ${inputs.answersFile} do not exist.`, { file: inputs.answersFile, fix: 'Export answers.json from the Prompt lab and choose that file.' });
  if (!needs.stage1) return;
  const s1 = inputs.stage1?.manifest;
  if (!s1) throw new AppError('bad_input', `${m.name} is a stepping-stone (stage-2) model: its prior_mask is the prediction of a stage-1 model.`, { fix: 'Choose the stage-1 model (the one trained without the stepping stone) in the inference call.' });
  const s1Needs = inferenceNeeds(s1);
  const fix = 'Choose the stage-1 model this stage 2 was trained on (same image size and audio features, no stepping stone).';
  if (s1Needs.stage1 || unsupportedInputs(s1)) throw new AppError('bad_input', `${s1.name} cannot be a stage-1 model: ${unsupportedInputs(s1) ?? 'it needs a prior itself'}.`, { fix });
  if (JSON.stringify([s1.preprocessing, s1.audio]) !== JSON.stringify([m.preprocessing, m.audio])) throw new AppError('bad_input', `${s1.name} and ${m.name} differ in image preprocessing or audio features.`, { fix });
  // The engine's eval feeds stage 1 the stage-2 batch, text tokens included.
  if (s1Needs.answers && JSON.stringify([s1.tokenizer, s1.inputs.find((i) => i.name === 'text_ids')]) !== JSON.stringify([m.tokenizer, m.inputs.find((i) => i.name === 'text_ids')])) throw new AppError('bad_input', `${s1.name} takes text tokenised differently from ${m.name} (the engine feeds stage 1 the stage-2 tokens).`, { fix });
}

/** The graph's feeds for one clip of n frames: each input the model declares, from the clip's tensors. */
function feeds(m: ModelManifest, n: number, clip: { frames: Float32Array; mel: Float32Array; text?: ReturnType<TextEncoder>; prior?: Float32Array }): Record<string, ort.Tensor> {
  const [h, w] = m.preprocessing.size;
  const all: Record<string, () => ort.Tensor> = {
    frames: () => new ort.Tensor('float32', clip.frames, [n, 3, h, w]),
    audio_mel: () => new ort.Tensor('float32', clip.mel, [n, 1, m.audio.patchFrames, m.audio.melBins]),
    text_ids: () => new ort.Tensor('int64', clip.text!.ids, [2, clip.text!.length]),
    text_mask: () => new ort.Tensor('int64', clip.text!.mask, [2, clip.text!.length]),
    prior_mask: () => new ort.Tensor('float32', clip.prior!, [n, 1, h, w]),
  };
  return Object.fromEntries(m.inputs.map((i) => [i.name, all[i.name]()]));
}

/** The stepping-stone prior from a stage-1 foreground: (p > 0.5) as 0/1, the engine's predict(). */
export function priorMask(foreground: Float32Array): Float32Array {
  return foreground.map((p) => (p > 0.5 ? 1 : 0));
}

/**
 * Runs an exported model over a split, one clip (= one video) per call, and writes `<predDir>/<subset>/<uid>/<t>.png`
 * at each frame's size: the layout the metrics evaluation reads. A video the answers file lacks is reported in
 * `failed` (and the log) and skipped; the others go on.
 */
export async function predictSplit(model: Model, access: DatasetAccess, datasetId: number, split: Split | undefined, predDir: string, hooks: InferenceHooks, inputs: InferenceInputs = {}): Promise<{ videos: number; skipped: number; failed: { video: string; error: string }[]; provider: Provider }> {
  const m = model.manifest;
  checkInferenceInputs(model, inputs);
  const needs = inferenceNeeds(m);
  const encode = needs.answers ? textEncoder(m, model.onnx) : null;
  const answers = needs.answers ? readAnswers(inputs.answersFile!) : {};
  const { session, provider } = await openModelSession(model.onnx);
  const stage1 = needs.stage1 ? { manifest: inputs.stage1!.manifest, ...(await openModelSession(inputs.stage1!.onnx)) } : null;
  hooks.log(`${m.name} on ${provider.toUpperCase()} (onnxruntime-node)${stage1 ? `, prior from stage 1 ${stage1.manifest.name}` : ''}${needs.answers ? `, answers ${inputs.answersFile}` : ''}`);
  const [h, w] = m.preprocessing.size;
  const clip = clipFrames(m);
  const videos = access.list(datasetId, split);
  const failed: { video: string; error: string }[] = [];
  let skipped = 0;
  try {
    for (const [i, ref] of videos.entries()) {
      if (hooks.signal.aborted) throw new Error('cancelled');
      const v = await access.files(datasetId, ref);
      const key = `${v.subset}/${v.uid}`;
      if (complete(predDir, v, v.frames.length)) {
        skipped++;
        continue;
      }
      let text: ReturnType<TextEncoder> | undefined;
      if (encode) {
        const a = answers[key];
        if (!a) {
          const error = missingAnswers(inputs.answersFile!, key);
          failed.push({ video: key, error });
          hooks.log(`skipped ${key}: ${error}`, 'error');
          hooks.progress(i + 1, videos.length, key);
          continue;
        }
        text = encode(a.a1, a.a2);
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
        const tensors = { frames: frames.subarray(t0 * frameSize, (t0 + n) * frameSize), mel: mel.subarray(t0 * melSize, (t0 + n) * melSize), text };
        const prior = stage1 ? priorMask((await stage1.session.run(feeds(stage1.manifest, n, tensors))).foreground.data as Float32Array) : undefined;
        const out = await session.run(feeds(m, n, { ...tensors, prior }));
        planes.push(...predictionPlanes({ foreground: out.foreground.data as Float32Array, maskScores: out.mask_scores.data as Float32Array }, n, m.numClasses, h, w, m.task));
      }
      for (const [f, px] of planes.entries()) {
        const meta = await sharp(v.frames[f]).metadata();
        await writePlanePng(path.join(predDir, v.subset, v.uid, `${f}.png`), px, w, h, { width: meta.width!, height: meta.height! }, m.task === 'avss-semantic');
      }
      hooks.progress(i + 1, videos.length, key);
    }
  } finally {
    await session.release();
    await stage1?.session.release();
  }
  return { videos: videos.length, skipped, failed, provider };
}
