import { describe, expect, it } from 'vitest';
import { decodeWavPcm16, encodeWavPcm16 } from './wav';

describe('WAV PCM16', () => {
  it('round-trips samples within one quantisation step', () => {
    const x = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i / 7) * 0.9);
    const d = decodeWavPcm16(encodeWavPcm16(x, 16000));
    expect([d.sampleRate, d.channels, d.samples.length]).toEqual([16000, 1, 1000]);
    for (let i = 0; i < x.length; i++) expect(Math.abs(d.samples[i] - x[i])).toBeLessThanOrEqual(2 / 32768);
  });

  it('says what is wrong with broken files', () => {
    const good = encodeWavPcm16(new Float32Array(10), 16000);
    expect(() => decodeWavPcm16(new Uint8Array(0))).toThrow(/RIFF/);
    expect(() => decodeWavPcm16(good.slice(0, 44))).toThrow(/no audio samples/);
    const float = good.slice();
    float[20] = 3; // format tag 3 = IEEE float
    expect(() => decodeWavPcm16(float)).toThrow(/16-bit PCM/);
  });
});
