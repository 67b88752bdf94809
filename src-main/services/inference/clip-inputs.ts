import fs from 'node:fs';
import sharp from 'sharp';
import { AppError } from '../../api/errors';
import { decodeWavPcm16 } from '../../core/audio/wav';
import type { EngineManifest } from '../models/model-manifest';
import { melPatches } from './vggish-mel';

/** float32 [T,3,H,W]: frames resized to the model's size, (pixel − mean) / std per RGB channel (the engine's dataset transform). */
export async function frameTensor(files: string[], p: EngineManifest['preprocessing']): Promise<Float32Array> {
  const [h, w] = p.size;
  const plane = h * w;
  const out = new Float32Array(files.length * 3 * plane);
  for (const [t, file] of files.entries()) {
    const { data } = await sharp(file).removeAlpha().toColourspace('srgb').resize(w, h, { fit: 'fill', kernel: 'linear' }).raw().toBuffer({ resolveWithObject: true });
    const base = t * 3 * plane;
    for (let i = 0; i < plane; i++) for (let c = 0; c < 3; c++) out[base + c * plane + i] = ((data[i * 3 + c] * 255) / p.valueRange - p.mean[c]) / p.std[c];
  }
  return out;
}

/** float32 [T,1,96,64] log-mel patches of a 16 kHz mono PCM16 wav (silence when the video has no audio). */
export function audioTensor(file: string | null, seconds: number, a: EngineManifest['audio']): Float32Array {
  if (!file) return melPatches(new Float32Array(0), seconds, a);
  const wav = decodeWavPcm16(new Uint8Array(fs.readFileSync(file)));
  if (wav.sampleRate !== a.sampleRate) throw new AppError('bad_input', `${file} is ${wav.sampleRate} Hz; the model expects ${a.sampleRate} Hz.`, { file, fix: `Extract the audio as ${a.sampleRate} Hz mono PCM16 (ffmpeg -ac 1 -ar ${a.sampleRate} -c:a pcm_s16le).` });
  return melPatches(wav.samples, seconds, a);
}
