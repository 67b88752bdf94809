import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ModelRegistry } from './model-registry';

const engineManifest = (name: string) => ({
  name,
  task: 'avs-binary',
  numClasses: 1,
  opset: 17,
  inputs: [{ name: 'frames', dtype: 'float32', shape: ['T', 3, 64, 64] }, { name: 'audio_mel', dtype: 'float32', shape: ['T', 1, 96, 64] }],
  outputs: [{ name: 'foreground', dtype: 'float32', shape: ['T', 64, 64] }],
  preprocessing: { size: [64, 64], mean: [123.675, 116.28, 103.53], std: [58.395, 57.12, 57.375], channelOrder: 'RGB', valueRange: 255, layout: 'NCHW' },
  audio: { sampleRate: 16000, melBins: 64, patchFrames: 96, windowSamples: 400, hopSamples: 160, fftSize: 512, melRangeHz: [125, 7500], logOffset: 0.01 },
  switches: { preMask: true, postMask: false, text: 'none', steppingStone: false },
  parityMaxAbsDiff: 3e-7,
  createdFrom: { step: 9 },
});

let dir: string;
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('model registry', () => {
  it('registers an engine export with its provenance and lists broken entries with the reason', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-models-'));
    const reg = new ModelRegistry(dir);
    fs.writeFileSync(path.join(dir, 'a.onnx'), 'x');
    fs.writeFileSync(path.join(dir, 'a.manifest.json'), JSON.stringify(engineManifest('a')));
    const trainedWith = { runId: 4, runName: 'tiny', datasetId: 2, datasetRoot: '/d', config: { epochs: 2 } };
    reg.register(path.join(dir, 'a.manifest.json'), path.join(dir, 'a.onnx'), trainedWith);
    expect(reg.get('a')).toMatchObject({ onnx: path.join(dir, 'a.onnx'), manifest: { file: 'a.onnx', kind: 'segmentation', trainedWith, preprocessing: { size: [64, 64] } } });

    // A manifest whose .onnx went missing, and one with a wrong field, are listed with what is wrong.
    fs.writeFileSync(path.join(dir, 'b.model.json'), JSON.stringify({ ...JSON.parse(fs.readFileSync(path.join(dir, 'a.model.json'), 'utf8')), name: 'b', file: 'b.onnx' }));
    fs.writeFileSync(path.join(dir, 'c.model.json'), JSON.stringify({ ...engineManifest('c'), kind: 'segmentation', file: 'c.onnx', trainedWith, registeredAt: 1, task: 'depth' }));
    const list = reg.list();
    expect(list.map((e) => e.name)).toEqual(['a', 'b', 'c']);
    expect(list[1]).toMatchObject({ problem: expect.stringMatching(/b\.onnx is missing/) });
    expect(list[2]).toMatchObject({ problem: expect.stringMatching(/task/) });
    expect(() => reg.get('zzz')).toThrow(/No model "zzz"/);
    expect(() => reg.register(path.join(dir, 'c.model.json'), path.join(dir, 'a.onnx'), trainedWith)).toThrow(/not an engine manifest/);
  });
});
