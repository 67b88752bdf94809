import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import type { RgbImage } from '../../core/flow/types';
import { listFlowModels, loadFlowModel } from './flow-model-manifest';
import { OnnxFlowBackend } from './onnx-flow-backend';
import { writeTestFlowModel } from './test-flow-models';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-flow-models-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Deterministic frame whose pixel (x, y) is (x + 3y + k, 2x + y, 7) — varied enough that a wrong layout shows. */
function frame(width: number, height: number, k: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([x + 3 * y + k, (2 * x + y) * k, 7], 3 * (y * width + x));
  return { width, height, data };
}
const uniform = (width: number, height: number, rgb: number[]): RgbImage => ({
  width,
  height,
  data: Uint8Array.from({ length: width * height * 3 }, (_, i) => rgb[i % 3]),
});

/** Independent expectation of the test network: u = R_next - R_prev, v = G_next - G_prev (scaled). */
function expected(prev: RgbImage, next: RgbImage, k = 1): number[] {
  const out: number[] = [];
  for (let i = 0; i < prev.width * prev.height; i++) out.push((next.data[3 * i] - prev.data[3 * i]) * k, (next.data[3 * i + 1] - prev.data[3 * i + 1]) * k);
  return out;
}

describe('OnnxFlowBackend', () => {
  it('runs a two-input model with padding to a multiple of 8 and crops back (CPU unless the CUDA EP is installed)', async () => {
    writeTestFlowModel(dir, 'pair', { layout: 'pair' });
    const backend = await OnnxFlowBackend.create(loadFlowModel(dir, 'pair'));
    // Where the CUDA provider is installed the session may use it (or fall back to CPU if it fails to load).
    const cudaInstalled = ort.listSupportedBackends().some((b) => b.name === 'cuda' && b.bundled);
    expect(cudaInstalled ? ['cuda', 'cpu'] : ['cpu']).toContain(backend.provider);
    const prev = frame(10, 6, 1);
    const next = frame(10, 6, 4);
    const flow = await backend.compute(prev, next);
    expect(flow).toMatchObject({ width: 10, height: 6 });
    expect(Array.from(flow.data)).toEqual(expected(prev, next));
    await backend.dispose();
  });

  it('runs a stacked six-channel model with normalisation and flowScale from the manifest', async () => {
    writeTestFlowModel(dir, 'stacked', { layout: 'stacked' }, { normalise: { scale: 2, order: 'RGB' }, flowScale: 3 });
    const backend = await OnnxFlowBackend.create(loadFlowModel(dir, 'stacked'));
    const prev = frame(5, 9, 2);
    const next = frame(5, 9, 3);
    const flow = await backend.compute(prev, next);
    expect(Array.from(flow.data)).toEqual(expected(prev, next, 3 / 2));
    await backend.dispose();
  });

  it('resizes frames to a fixed-size model and rescales the flow to frame pixels', async () => {
    writeTestFlowModel(dir, 'fixed', { layout: 'pair', size: [8, 8] });
    const backend = await OnnxFlowBackend.create(loadFlowModel(dir, 'fixed'));
    const flow = await backend.compute(uniform(16, 12, [10, 20, 0]), uniform(16, 12, [14, 19, 0]));
    expect(flow).toMatchObject({ width: 16, height: 12 });
    for (let i = 0; i < flow.data.length; i += 2) {
      expect(flow.data[i]).toBeCloseTo(4 * (16 / 8), 5);
      expect(flow.data[i + 1]).toBeCloseTo(-1 * (12 / 8), 5);
    }
    await backend.dispose();
  });

  it('gives different fingerprints to different models and lists the manifests present', async () => {
    const a = await OnnxFlowBackend.create(loadFlowModel(dir, 'pair'));
    const b = await OnnxFlowBackend.create(loadFlowModel(dir, 'stacked'));
    expect(a.fingerprint).toMatch(/^onnx:pair:/);
    expect(a.fingerprint).not.toBe(b.fingerprint);
    expect(listFlowModels(dir)).toEqual(expect.arrayContaining(['pair', 'stacked', 'fixed']));
  });

  it('refuses frames of different sizes', async () => {
    const backend = await OnnxFlowBackend.create(loadFlowModel(dir, 'pair'));
    await expect(backend.compute(frame(8, 8, 1), frame(8, 6, 1))).rejects.toThrow(/differ in size: 8x8 vs 8x6/);
  });
});

describe('flow model errors name the file and the fix', () => {
  it('a missing manifest', () => {
    expect(() => loadFlowModel(dir, 'raft-large')).toThrow(/raft-large\.flow\.json does not exist/);
    try {
      loadFlowModel(dir, 'raft-large');
    } catch (err) {
      expect((err as { details: { fix: string } }).details.fix).toMatch(/models\/README\.md/);
    }
  });

  it('a manifest whose ONNX file is missing', () => {
    writeTestFlowModel(dir, 'gone', { layout: 'pair' });
    fs.rmSync(path.join(dir, 'gone.onnx'));
    expect(() => loadFlowModel(dir, 'gone')).toThrow(/gone\.onnx \(named by .*gone\.flow\.json\) does not exist/);
  });

  it('an invalid manifest', () => {
    writeTestFlowModel(dir, 'bad', { layout: 'pair' }, { size: { mode: 'fixed', width: -1, height: 8 } });
    expect(() => loadFlowModel(dir, 'bad')).toThrow(/bad\.flow\.json is not a valid flow manifest: size\.width/);
  });

  it('input names that the model does not have', async () => {
    writeTestFlowModel(dir, 'names', { layout: 'pair' }, { inputs: { layout: 'pair', names: ['image1', 'image2'] } });
    await expect(OnnxFlowBackend.create(loadFlowModel(dir, 'names'))).rejects.toThrow(
      /names\.flow\.json does not match .*names\.onnx: the manifest names "image1", "image2", the model has inputs \[prev, next\]/,
    );
  });

  it('an output of the wrong shape', async () => {
    writeTestFlowModel(dir, 'threech', { layout: 'pair', outChannels: 3 });
    const backend = await OnnxFlowBackend.create(loadFlowModel(dir, 'threech'));
    await expect(backend.compute(frame(8, 8, 1), frame(8, 8, 2))).rejects.toThrow(/shape \[1,3,8,8\], expected \[1,2,8,8\]/);
  });

  it('a file that is not an ONNX model', async () => {
    writeTestFlowModel(dir, 'junk', { layout: 'pair' });
    fs.writeFileSync(path.join(dir, 'junk.onnx'), 'not a model');
    await expect(OnnxFlowBackend.create(loadFlowModel(dir, 'junk'))).rejects.toThrow(/onnxruntime could not load .*junk\.onnx/);
  });
});
