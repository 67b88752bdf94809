import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { EngineManifest } from '../models/model-manifest';
import { readF32, runPython, venvPython } from './engine-fixture';
import { openModelSession } from '../onnx/onnx-session';

// The engine builds a tiny random model, exports it, and dumps its PyTorch outputs on fixed inputs (numpy .bin);
// onnxruntime-node then runs the same .onnx on the same inputs.
const EXPORT_AND_DUMP = `
import json, sys, torch
from pathlib import Path
from ssp_engine.config import MODEL_SIZES, VARIANTS, ModelConfig
from ssp_engine.build import build_model
from ssp_engine.export import InferenceGraph, example_inputs, export_onnx
out, variant, classes = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
cfg = ModelConfig(**{**MODEL_SIZES["tiny"], **VARIANTS[variant], "num_classes": classes})
size = (64, 64)
model = build_model(cfg, size, seed=3).eval()
manifest, _ = export_onnx(model, cfg, size, out / "m.onnx", "m", {"test": True})
graph = InferenceGraph(model, cfg).eval()
inputs = example_inputs(cfg, size, frames=4, seed=11)
with torch.no_grad():
    outputs = graph(*inputs)
for name, x in zip(graph.input_names(), inputs):
    x.numpy().astype("float32").tofile(out / f"in-{name}.bin")
for spec, y in zip(manifest["outputs"], outputs):
    y.numpy().astype("float32").tofile(out / f"out-{spec['name']}.bin")
print(json.dumps({"inputs": {n: list(x.shape) for n, x in zip(graph.input_names(), inputs)}}))
`;

describe.skipIf(!venvPython)('exported models: onnxruntime-node equals the engine (PyTorch)', () => {
  it.each([
    ['+pre', 1, 'avs-binary'],
    ['aavs', 5, 'avss-semantic'],
  ])('%s with %i class(es): every output within 1e-4 on the same inputs', async (variant, classes, task) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-parity-'));
    try {
      const { inputs } = JSON.parse(runPython(EXPORT_AND_DUMP, [dir, variant, String(classes)])) as { inputs: Record<string, number[]> };
      const manifest = EngineManifest.parse(JSON.parse(fs.readFileSync(path.join(dir, 'm.manifest.json'), 'utf8')));
      expect(manifest.task).toBe(task);
      expect(manifest.inputs.map((i) => i.name)).toEqual(['frames', 'audio_mel']);
      const { session, provider } = await openModelSession(path.join(dir, 'm.onnx'));
      expect(provider).toBe('cpu'); // no GPU on this machine; the CUDA path is taken where the provider loads
      const feeds = Object.fromEntries(Object.entries(inputs).map(([n, shape]) => [n, new ort.Tensor('float32', readF32(path.join(dir, `in-${n}.bin`)), shape)]));
      const got = await session.run(feeds);
      for (const spec of manifest.outputs) {
        const ref = readF32(path.join(dir, `out-${spec.name}.bin`));
        const y = got[spec.name];
        expect(y.dims[0]).toBe(4); // the clip length is dynamic: 4 frames here, 2 at export
        expect(y.data.length).toBe(ref.length);
        let worst = 0;
        const data = y.data as Float32Array;
        for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(data[i] - ref[i]));
        expect(worst, spec.name).toBeLessThanOrEqual(1e-4);
      }
      // A real difference would be caught: the outputs are not constant.
      const fg = readF32(path.join(dir, 'out-foreground.bin'));
      expect(Math.max(...fg) - Math.min(...fg)).toBeGreaterThan(1e-3);
      await session.release();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
