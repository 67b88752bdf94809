import { fft } from '../../core/audio/log-mel';
import type { EngineManifest } from '../models/model-manifest';

type AudioSpec = EngineManifest['audio'];

// The engine's audio front end (ssp_engine/data/audio.py), so an exported model sees the inputs it was trained on:
// periodic Hann window, zero-padded FFT magnitude (not power), HTK mel 1127·ln(1 + f/700) with a zero DC row,
// log(mel + offset), non-overlapping patches of `patchFrames` frames, one per second.
const htkMel = (hz: number) => 1127 * Math.log1p(hz / 700);

/** [fftSize/2+1][melBins] triangular weights, the engine's `mel_matrix`. */
export function melMatrix(a: AudioSpec): Float64Array[] {
  const bins = a.fftSize / 2 + 1;
  const [lo, hi] = a.melRangeHz.map(htkMel);
  const edges = Array.from({ length: a.melBins + 2 }, (_, i) => lo + ((hi - lo) * i) / (a.melBins + 1));
  return Array.from({ length: bins }, (_, k) => {
    const mel = htkMel((k * a.sampleRate) / 2 / (bins - 1));
    return Float64Array.from({ length: a.melBins }, (_, m) => {
      if (k === 0) return 0;
      const up = (mel - edges[m]) / (edges[m + 1] - edges[m]);
      const down = (edges[m + 2] - mel) / (edges[m + 2] - edges[m + 1]);
      return Math.max(0, Math.min(up, down));
    });
  });
}

/** 16 kHz mono samples -> float32 [seconds, 1, patchFrames, melBins] (zero-padded when the audio is short). */
export function melPatches(samples: Float32Array, seconds: number, a: AudioSpec): Float32Array {
  const need = seconds * a.sampleRate + a.windowSamples;
  const wave = samples.length >= need ? samples : Float32Array.from({ length: need }, (_, i) => samples[i] ?? 0);
  const frames = seconds * a.patchFrames;
  const weights = melMatrix(a);
  const window = Float64Array.from({ length: a.windowSamples }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / a.windowSamples));
  const re = new Float64Array(a.fftSize);
  const im = new Float64Array(a.fftSize);
  const out = new Float32Array(frames * a.melBins);
  for (let f = 0; f < frames; f++) {
    re.fill(0);
    im.fill(0);
    for (let i = 0; i < a.windowSamples; i++) re[i] = wave[f * a.hopSamples + i] * window[i];
    fft(re, im);
    const row = out.subarray(f * a.melBins, (f + 1) * a.melBins);
    const acc = new Float64Array(a.melBins);
    for (let k = 1; k < weights.length; k++) {
      const mag = Math.hypot(re[k], im[k]);
      const w = weights[k];
      for (let m = 0; m < a.melBins; m++) acc[m] += mag * w[m];
    }
    for (let m = 0; m < a.melBins; m++) row[m] = Math.log(acc[m] + a.logOffset);
  }
  return out;
}
