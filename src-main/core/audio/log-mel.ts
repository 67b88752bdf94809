/** Log-mel spectrogram (HTK mel scale, Hann window, power spectrum) for display; pure TS, no dependencies. */

export interface MelOptions {
  /** FFT size (power of two); the window has the same length. */
  nFft: number;
  hop: number;
  nMels: number;
  fMin: number;
  fMax: number;
}

/** VGGish-like defaults at 16 kHz: 25 ms-ish windows, 10 ms hop, 64 bands over 125–7500 Hz. */
export const DEFAULT_MEL: MelOptions = { nFft: 512, hop: 160, nMels: 64, fMin: 125, fMax: 7500 };

export const hzToMel = (f: number) => 2595 * Math.log10(1 + f / 700);
export const melToHz = (m: number) => 700 * (10 ** (m / 2595) - 1);

/** In-place iterative radix-2 FFT of (re, im); length must be a power of two. */
export function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  if (n & (n - 1)) throw new Error(`FFT size ${n} is not a power of two`);
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j], re[i]];
      [im[i], im[j]] = [im[j], im[i]];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (-2 * Math.PI) / len;
    const wr = Math.cos(ang);
    const wi = Math.sin(ang);
    for (let i = 0; i < n; i += len) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < len / 2; k++) {
        const a = i + k;
        const b = a + len / 2;
        const tr = re[b] * cr - im[b] * ci;
        const ti = re[b] * ci + im[b] * cr;
        re[b] = re[a] - tr;
        im[b] = im[a] - ti;
        re[a] += tr;
        im[a] += ti;
        [cr, ci] = [cr * wr - ci * wi, cr * wi + ci * wr];
      }
    }
  }
}

/** Power spectrum |X_k|² (k = 0..nFft/2) of each hop-spaced, Hann-windowed frame. */
export function powerSpectrogram(samples: Float32Array, nFft: number, hop: number): Float64Array[] {
  const window = Float64Array.from({ length: nFft }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / nFft));
  const frames = Math.max(1, 1 + Math.floor(Math.max(0, samples.length - nFft) / hop));
  const out: Float64Array[] = [];
  const re = new Float64Array(nFft);
  const im = new Float64Array(nFft);
  for (let f = 0; f < frames; f++) {
    im.fill(0);
    for (let i = 0; i < nFft; i++) re[i] = (samples[f * hop + i] ?? 0) * window[i];
    fft(re, im);
    out.push(Float64Array.from({ length: nFft / 2 + 1 }, (_, k) => re[k] * re[k] + im[k] * im[k]));
  }
  return out;
}

/** Triangular mel filters: weights[m][k] for FFT bin k (bin spacing sampleRate / nFft). */
export function melFilterbank(sampleRate: number, o: MelOptions): Float64Array[] {
  const fMax = Math.min(o.fMax, sampleRate / 2);
  const edges = Array.from({ length: o.nMels + 2 }, (_, i) => melToHz(hzToMel(o.fMin) + ((hzToMel(fMax) - hzToMel(o.fMin)) * i) / (o.nMels + 1)));
  const binHz = sampleRate / o.nFft;
  return Array.from({ length: o.nMels }, (_, m) => {
    const [lo, mid, hi] = [edges[m], edges[m + 1], edges[m + 2]];
    return Float64Array.from({ length: o.nFft / 2 + 1 }, (_, k) => {
      const f = k * binHz;
      return f <= lo || f >= hi ? 0 : f <= mid ? (f - lo) / (mid - lo) : (hi - f) / (hi - mid);
    });
  });
}

export interface LogMel {
  frames: number;
  nMels: number;
  /** Row-major [frame][mel] natural log of (mel energy + 1e-6). */
  data: Float32Array;
  hopSec: number;
}

export function logMelSpectrogram(samples: Float32Array, sampleRate: number, o: MelOptions = DEFAULT_MEL): LogMel {
  const power = powerSpectrogram(samples, o.nFft, o.hop);
  const bank = melFilterbank(sampleRate, o);
  const data = new Float32Array(power.length * o.nMels);
  power.forEach((p, f) => {
    bank.forEach((w, m) => {
      let e = 0;
      for (let k = 0; k < w.length; k++) if (w[k]) e += w[k] * p[k];
      data[f * o.nMels + m] = Math.log(e + 1e-6);
    });
  });
  return { frames: power.length, nMels: o.nMels, data, hopSec: o.hop / sampleRate };
}

/**
 * Renders a log-mel spectrogram as an RGB image `width` columns wide (frames resampled), `nMels` rows, low
 * frequencies at the bottom; the top `rangeDb`-ish range (in log units) is mapped through a dark-blue→yellow ramp.
 */
export function spectrogramImage(s: LogMel, width: number, range = 10): { width: number; height: number; rgb: Uint8Array } {
  let max = -Infinity;
  for (const v of s.data) if (v > max) max = v;
  const rgb = new Uint8Array(width * s.nMels * 3);
  for (let x = 0; x < width; x++) {
    const f = Math.min(s.frames - 1, Math.floor((x * s.frames) / width));
    for (let m = 0; m < s.nMels; m++) {
      const v = Math.max(0, Math.min(1, 1 - (max - s.data[f * s.nMels + m]) / range));
      const o = ((s.nMels - 1 - m) * width + x) * 3;
      rgb[o] = Math.round(255 * Math.min(1, 1.6 * v * v));
      rgb[o + 1] = Math.round(255 * v ** 1.2);
      rgb[o + 2] = Math.round(255 * (0.35 + 0.4 * v - 0.6 * v * v + 0.25 * v ** 3));
    }
  }
  return { width, height: s.nMels, rgb };
}
