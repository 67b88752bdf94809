import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readF32, runPython, venvPython } from './engine-fixture';
import { melPatches } from './vggish-mel';

const SPEC = { sampleRate: 16000, melBins: 64, patchFrames: 96, windowSamples: 400, hopSamples: 160, fftSize: 512, melRangeHz: [125, 7500] as [number, number], logOffset: 0.01 };

/** A chirp plus a tone burst: energy moves across mel bands over time. */
function signal(seconds: number): Float32Array {
  return Float32Array.from({ length: Math.round(seconds * 16000) }, (_, i) => {
    const t = i / 16000;
    return 0.4 * Math.sin(2 * Math.PI * (200 + 900 * t) * t) + (t > 1 && t < 1.5 ? 0.3 * Math.sin(2 * Math.PI * 3000 * t) : 0);
  });
}

describe('VGGish log-mel patches', () => {
  it('have one 96x64 patch per second, silence at log(offset), and short audio padded with zeros', () => {
    const out = melPatches(new Float32Array(0), 2, SPEC);
    expect(out.length).toBe(2 * 96 * 64);
    expect(out.every((v) => Math.abs(v - Math.log(0.01)) < 1e-6)).toBe(true);
    const tone = melPatches(Float32Array.from({ length: 16000 }, (_, i) => Math.sin((2 * Math.PI * 1000 * i) / 16000)), 1, SPEC);
    const row = tone.subarray(50 * 64, 51 * 64);
    const peak = row.indexOf(Math.max(...row));
    // 1 kHz sits where the HTK mel scale puts it between 125 Hz and 7.5 kHz (64 bands).
    const mel = (f: number) => 1127 * Math.log1p(f / 700);
    expect(Math.abs(peak + 1 - ((mel(1000) - mel(125)) / (mel(7500) - mel(125))) * 65)).toBeLessThanOrEqual(1);
  });

  it.skipIf(!venvPython)('equal the engine’s torch front end (ssp_engine.data.audio.mel_patches) (float32 rounding apart)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-mel-'));
    try {
      const wave = signal(2.7);
      fs.writeFileSync(path.join(dir, 'wave.bin'), Buffer.from(wave.buffer));
      runPython('import sys, numpy as np, torch\nfrom ssp_engine.data.audio import mel_patches\nw = torch.from_numpy(np.fromfile(sys.argv[1] + "/wave.bin", dtype="<f4"))\nmel_patches(w, 3).numpy().astype("<f4").tofile(sys.argv[1] + "/mel.bin")', [dir]);
      const ref = readF32(path.join(dir, 'mel.bin'));
      const got = melPatches(wave, 3, SPEC);
      expect(got.length).toBe(ref.length);
      const diffs = Array.from(ref, (r, i) => Math.abs(got[i] - r));
      // The engine computes in float32 (FFT and mel matmul), this in float64: log() of the quietest bands magnifies
      // float32 rounding. The engine's own ops in float64 differ from its float32 output by the same amounts
      // (max 5.0e-4, mean 2.0e-5 on this signal), so these bounds are the reference's rounding, not slack.
      expect(Math.max(...diffs)).toBeLessThanOrEqual(1e-3);
      expect(diffs.reduce((a, b) => a + b, 0) / diffs.length).toBeLessThanOrEqual(5e-5);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
