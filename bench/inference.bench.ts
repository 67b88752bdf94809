// In-app inference of an exported model (onnxruntime-node, CPU provider) against the engine's PyTorch forward on
// the same inputs, measured in the same run; plus the app's own preprocessing (frames + VGGish log-mel) per clip.
// Model: the engine's random "tiny" aavs config at 224x224 (the paper's input size), clips of 5 frames.
// Run: node --import tsx bench/inference.bench.ts [repeats]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { encodeWavPcm16 } from '../src-main/core/audio/wav';
import { EngineManifest } from '../src-main/services/models/model-manifest';
import { audioTensor, frameTensor } from '../src-main/services/inference/clip-inputs';
import { readF32, runPython, venvPython } from '../src-main/services/inference/engine-fixture';
import { openModelSession } from '../src-main/services/onnx/onnx-session';

const REPEATS = Number(process.argv[2] ?? 10);
const T = 5;

const TORCH_BENCH = `
import json, sys, time, torch
from pathlib import Path
from ssp_engine.config import MODEL_SIZES, VARIANTS, ModelConfig
from ssp_engine.build import build_model
from ssp_engine.export import InferenceGraph, example_inputs, export_onnx
out, repeats, frames = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
torch.set_num_threads(${os.availableParallelism()})
cfg = ModelConfig(**{**MODEL_SIZES["tiny"], **VARIANTS["aavs"], "num_classes": 1})
model = build_model(cfg, (224, 224), seed=0).eval()
export_onnx(model, cfg, (224, 224), out / "m.onnx", "m", {"bench": True})
graph = InferenceGraph(model, cfg).eval()
inputs = example_inputs(cfg, (224, 224), frames=frames, seed=2)
for name, x in zip(graph.input_names(), inputs):
    x.numpy().astype("float32").tofile(out / f"in-{name}.bin")
times = []
with torch.no_grad():
    graph(*inputs)
    for _ in range(repeats):
        t0 = time.perf_counter(); graph(*inputs); times.append(time.perf_counter() - t0)
print(json.dumps({"ms": sorted(times)[len(times) // 2] * 1000, "shapes": {n: list(x.shape) for n, x in zip(graph.input_names(), inputs)}}))
`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  if (!venvPython) throw new Error('needs the engine venv (.venv/bin/python)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-bench-infer-'));
  try {
    const torch = JSON.parse(runPython(TORCH_BENCH, [dir, String(REPEATS), String(T)])) as { ms: number; shapes: Record<string, number[]> };
    const manifest = EngineManifest.parse(JSON.parse(fs.readFileSync(path.join(dir, 'm.manifest.json'), 'utf8')));
    const { session, provider } = await openModelSession(path.join(dir, 'm.onnx'));
    const feeds = Object.fromEntries(Object.entries(torch.shapes).map(([n, s]) => [n, new ort.Tensor('float32', readF32(path.join(dir, `in-${n}.bin`)), s)]));
    await session.run(feeds);
    const ortMs: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      const t0 = performance.now();
      await session.run(feeds);
      ortMs.push(performance.now() - t0);
    }
    await session.release();

    // Preprocessing of a real-looking clip: 5 JPEG frames of 360x240 and 5 s of 16 kHz audio.
    const frames = await Promise.all(Array.from({ length: T }, async (_, t) => {
      const f = path.join(dir, `${t}.jpg`);
      await sharp({ create: { width: 360, height: 240, channels: 3, background: { r: 40 * t, g: 120, b: 200 } } }).jpeg().toFile(f);
      return f;
    }));
    const wav = path.join(dir, 'audio.wav');
    fs.writeFileSync(wav, encodeWavPcm16(Float32Array.from({ length: 16000 * T }, (_, i) => Math.sin(i / 7) * 0.3), 16000));
    const prepMs: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      const t0 = performance.now();
      await frameTensor(frames, manifest.preprocessing);
      audioTensor(wav, T, manifest.audio);
      prepMs.push(performance.now() - t0);
    }
    const o = median(ortMs);
    console.log(`model: tiny aavs 224x224, clip of ${T} frames, ${REPEATS} repeats (median), ${os.availableParallelism()} cores, load ${os.loadavg()[0].toFixed(1)}`);
    console.log(`PyTorch forward (reference):        ${torch.ms.toFixed(1)} ms/clip`);
    console.log(`onnxruntime-node (${provider}) run:        ${o.toFixed(1)} ms/clip   ratio ${(o / torch.ms).toFixed(2)}x of PyTorch`);
    console.log(`app preprocessing (frames + log-mel): ${median(prepMs).toFixed(1)} ms/clip   ratio ${(median(prepMs) / torch.ms).toFixed(2)}x of the PyTorch forward`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
