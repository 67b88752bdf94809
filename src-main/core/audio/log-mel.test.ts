import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_MEL, fft, hzToMel, logMelSpectrogram, melFilterbank, melToHz, powerSpectrogram, spectrogramImage } from './log-mel';

/** Textbook O(n²) DFT, the independent reference for the FFT. */
function dft(x: number[]): { re: number[]; im: number[] } {
  const n = x.length;
  const re: number[] = [];
  const im: number[] = [];
  for (let k = 0; k < n; k++) {
    let r = 0;
    let i = 0;
    for (let t = 0; t < n; t++) {
      r += x[t] * Math.cos((2 * Math.PI * k * t) / n);
      i -= x[t] * Math.sin((2 * Math.PI * k * t) / n);
    }
    re.push(r);
    im.push(i);
  }
  return { re, im };
}

describe('log-mel', () => {
  it('FFT equals the direct DFT', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.array(fc.float({ min: -1, max: 1, noNaN: true }), { minLength: 128, maxLength: 128 }), (p, xs) => {
        const n = 2 ** p;
        const x = xs.slice(0, n);
        const re = Float64Array.from(x);
        const im = new Float64Array(n);
        fft(re, im);
        const ref = dft(x);
        for (let k = 0; k < n; k++) {
          expect(re[k]).toBeCloseTo(ref.re[k], 9);
          expect(im[k]).toBeCloseTo(ref.im[k], 9);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('mel scale round-trips and 1000 Hz ≈ 1000 mel (HTK)', () => {
    expect(hzToMel(1000)).toBeCloseTo(999.99, 1);
    for (const f of [0, 125, 440, 7500]) expect(melToHz(hzToMel(f))).toBeCloseTo(f, 6);
  });

  it('filters are triangles that peak at 1 and cover 125–7500 Hz', () => {
    const bank = melFilterbank(16000, DEFAULT_MEL);
    expect(bank).toHaveLength(64);
    for (const w of bank) expect(Math.max(...w)).toBeGreaterThan(0.5);
    const binHz = 16000 / 512;
    expect(bank[0].findIndex((v) => v > 0) * binHz).toBeGreaterThanOrEqual(125);
    expect((bank[63].findLastIndex((v) => v > 0) + 1) * binHz).toBeLessThanOrEqual(7500 + binHz);
  });

  it('a pure tone puts the energy in the mel band that contains its frequency', () => {
    const sr = 16000;
    for (const hz of [300, 1000, 3000]) {
      const x = Float32Array.from({ length: sr }, (_, i) => 0.5 * Math.sin((2 * Math.PI * hz * i) / sr));
      const s = logMelSpectrogram(x, sr);
      expect(s.frames).toBe(1 + Math.floor((sr - 512) / 160));
      const mid = Math.floor(s.frames / 2);
      const row = Array.from(s.data.subarray(mid * 64, mid * 64 + 64));
      const peak = row.indexOf(Math.max(...row));
      const edges = Array.from({ length: 66 }, (_, i) => melToHz(hzToMel(125) + ((hzToMel(7500) - hzToMel(125)) * i) / 65));
      // The peak band's triangle spans (edges[m], edges[m+2]).
      expect(hz).toBeGreaterThan(edges[peak]);
      expect(hz).toBeLessThan(edges[peak + 2]);
    }
  });

  it("Parseval: a frame's power sums to n·Σ(windowed x)²", () => {
    const x = Float32Array.from({ length: 512 }, (_, i) => Math.sin(i * 0.37) + 0.3 * Math.cos(i * 1.9));
    const [p] = powerSpectrogram(x, 512, 160);
    const w = Array.from(x, (v, i) => v * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / 512)));
    const time = w.reduce((a, v) => a + v * v, 0) * 512;
    // One-sided: bins 1..n/2-1 count twice.
    const freq = p[0] + p[256] + 2 * p.slice(1, 256).reduce((a, v) => a + v, 0);
    expect(freq / time).toBeCloseTo(1, 9);
  });

  it('renders low frequencies at the bottom of the image', () => {
    const sr = 16000;
    const x = Float32Array.from({ length: sr }, (_, i) => Math.sin((2 * Math.PI * 200 * i) / sr));
    const img = spectrogramImage(logMelSpectrogram(x, sr), 40);
    expect([img.width, img.height, img.rgb.length]).toEqual([40, 64, 40 * 64 * 3]);
    const brightness = (row: number) => img.rgb[(row * 40 + 20) * 3 + 1];
    expect(brightness(63 - 3)).toBeGreaterThan(brightness(5));
  });
});
