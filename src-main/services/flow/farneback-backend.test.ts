import { describe, expect, it } from 'vitest';
import { texturedFrame } from '../../core/flow/test-pattern';
import { DEFAULT_FARNEBACK, FarnebackBackend } from './farneback-backend';

/** Mean (u, v) over the pixels at least `margin` from the border. */
function interiorMean(flow: { width: number; height: number; data: Float32Array }, margin: number): [number, number] {
  let su = 0;
  let sv = 0;
  let n = 0;
  for (let y = margin; y < flow.height - margin; y++) {
    for (let x = margin; x < flow.width - margin; x++) {
      su += flow.data[2 * (y * flow.width + x)];
      sv += flow.data[2 * (y * flow.width + x) + 1];
      n++;
    }
  }
  return [su / n, sv / n];
}

describe('FarnebackBackend', () => {
  it('recovers a known translation of a textured scene', async () => {
    const backend = await FarnebackBackend.create();
    const flow = await backend.compute(texturedFrame(96, 80), texturedFrame(96, 80, 2, 1));
    expect(flow).toMatchObject({ width: 96, height: 80 });
    expect(flow.data).toHaveLength(96 * 80 * 2);
    const [u, v] = interiorMean(flow, 12);
    expect(u).toBeCloseTo(2, 1);
    expect(v).toBeCloseTo(1, 1);
  });

  it('finds no motion (under a quarter pixel anywhere) between identical frames', async () => {
    const backend = await FarnebackBackend.create();
    const frame = texturedFrame(64, 48);
    const flow = await backend.compute(frame, frame);
    expect(Math.max(...Array.from(flow.data, Math.abs))).toBeLessThan(0.25);
  });

  it('refuses frames of different sizes with a fix', async () => {
    const backend = await FarnebackBackend.create();
    await expect(backend.compute(texturedFrame(64, 48), texturedFrame(48, 64))).rejects.toThrow(/differ in size: 64x48 vs 48x64/);
  });

  it('names its parameters in the cache fingerprint', async () => {
    const a = await FarnebackBackend.create();
    const b = await FarnebackBackend.create({ ...DEFAULT_FARNEBACK, winSize: 21 });
    expect(a.fingerprint).toBe('farneback:0.5,3,15,3,5,1.2');
    expect(b.fingerprint).not.toBe(a.fingerprint);
  });
});
