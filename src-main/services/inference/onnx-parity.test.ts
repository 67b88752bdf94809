import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { EngineManifest } from '../models/model-manifest';
import { readF32, runPython, venvPython } from './engine-fixture';
import { openModelSession } from '../onnx/onnx-session';
import { textEncoder } from './text-inputs';

// The engine builds a tiny random model, exports it, and dumps its PyTorch outputs on fixed inputs (numpy .bin);
// onnxruntime-node then runs the same .onnx on the same inputs.
const EXPORT_AND_DUMP = `
import json, sys, torch
from pathlib import Path
ANSWERS = json.loads(sys.argv[5])
VOCAB = json.loads(sys.argv[6])
from ssp_engine.config import MODEL_SIZES, VARIANTS, ModelConfig
from ssp_engine.build import build_model
from ssp_engine.export import InferenceGraph, example_inputs, export_onnx
from ssp_engine.data.tokenizer import WordTokenizer, tokenizer_from_state
out, variant, classes, tokenizer = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
state = None
if tokenizer == "word":
    state = WordTokenizer.from_texts(list(ANSWERS.values()) + ["dog", "piano"]).state()
elif tokenizer == "wordpiece":  # a local BERT tokenizer folder, as weights/blip-text holds one
    from transformers import BertTokenizer
    (out / "bert").mkdir()
    (out / "bert" / "vocab.txt").write_text("".join(w + chr(10) for w in VOCAB))
    BertTokenizer(vocab=str(out / "bert" / "vocab.txt")).save_pretrained(str(out / "bert"))
    state = {"kind": "hf", "folder": str(out / "bert")}
tok = tokenizer_from_state(state) if state else None
cfg = ModelConfig(**{**MODEL_SIZES["tiny"], **VARIANTS[variant], "num_classes": classes, **({"vocab_size": tok.vocab_size} if tok else {})})
size = (64, 64)
model = build_model(cfg, size, seed=3).eval()
manifest, _ = export_onnx(model, cfg, size, out / "m.onnx", "m", {"test": True}, tokenizer=state)
graph = InferenceGraph(model, cfg).eval()
inputs = example_inputs(cfg, size, frames=4, seed=11)
if tok:  # the engine's own tokenisation of the answers (the dataset's encode), not random ids
    enc = [tok.encode(ANSWERS[k], cfg.max_text_len) for k in ("a1", "a2")]
    inputs[2], inputs[3] = torch.stack([e[0] for e in enc]), torch.stack([e[1] for e in enc])
    (out / "text.json").write_text(json.dumps({"ids": inputs[2].tolist(), "mask": inputs[3].tolist()}))
with torch.no_grad():
    outputs = graph(*inputs)
for name, x in zip(graph.input_names(), inputs):
    if not name.startswith("text_"):
        x.numpy().astype("float32").tofile(out / f"in-{name}.bin")
for spec, y in zip(manifest["outputs"], outputs):
    y.numpy().astype("float32").tofile(out / f"out-{spec['name']}.bin")
print(json.dumps({"inputs": {n: list(x.shape) for n, x in zip(graph.input_names(), inputs)}}))
`;

// The prompt answers of one video, and a small BERT vocabulary for the WordPiece case (sub-words, [UNK] for "!").
const ANSWERS = { a1: 'A man plays a guitar on the stage, loudly!', a2: 'guitar, man, drums' };
const VOCAB = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', 'a', 'man', 'play', '##s', 'guitar', 'on', 'the', 'stage', ',', 'loud', '##ly', 'drum'];

describe.skipIf(!venvPython)('exported models: onnxruntime-node equals the engine (PyTorch)', () => {
  it.each([
    ['+pre', 1, 'avs-binary', 'none'],
    ['aavs', 5, 'avss-semantic', 'none'],
    ['full', 1, 'avs-binary', 'word'],
    ['+text_att', 3, 'avss-semantic', 'wordpiece'],
  ])('%s with %i class(es) (%s, tokenizer %s): every output within 1e-4 on the same inputs', async (variant, classes, task, tokenizer) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-parity-'));
    try {
      const { inputs } = JSON.parse(runPython(EXPORT_AND_DUMP, [dir, variant, String(classes), tokenizer, JSON.stringify(ANSWERS), JSON.stringify(VOCAB)])) as { inputs: Record<string, number[]> };
      const manifest = EngineManifest.parse(JSON.parse(fs.readFileSync(path.join(dir, 'm.manifest.json'), 'utf8')));
      expect(manifest.task).toBe(task);
      const text = tokenizer !== 'none';
      expect(manifest.inputs.map((i) => i.name)).toEqual(text ? ['frames', 'audio_mel', 'text_ids', 'text_mask'] : ['frames', 'audio_mel']);
      expect(manifest.tokenizer?.kind).toBe(text ? tokenizer : undefined);
      const { session, provider } = await openModelSession(path.join(dir, 'm.onnx'));
      expect(provider).toBe('cpu'); // no GPU on this machine; the CUDA path is taken where the provider loads
      const feeds: Record<string, ort.Tensor> = Object.fromEntries(Object.entries(inputs).filter(([n]) => !n.startsWith('text_')).map(([n, shape]) => [n, new ort.Tensor('float32', readF32(path.join(dir, `in-${n}.bin`)), shape)]));
      if (text) {
        // The app's tokenisation (from the manifest, + <name>-vocab.txt for WordPiece) gives the engine's ids.
        const enc = textEncoder(manifest, path.join(dir, 'm.onnx'))(ANSWERS.a1, ANSWERS.a2);
        const engine = JSON.parse(fs.readFileSync(path.join(dir, 'text.json'), 'utf8')) as { ids: number[][]; mask: number[][] };
        expect([Array.from(enc.ids, Number), Array.from(enc.mask, Number)]).toEqual([engine.ids.flat(), engine.mask.flat()]);
        expect(engine.ids.flat().filter((i) => i > 4).length).toBeGreaterThan(6); // real tokens, not all [UNK]
        feeds.text_ids = new ort.Tensor('int64', enc.ids, [2, enc.length]);
        feeds.text_mask = new ort.Tensor('int64', enc.mask, [2, enc.length]);
      }
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
