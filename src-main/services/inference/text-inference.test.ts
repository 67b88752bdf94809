import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../app/compose';
import { projectRoot } from '../../app/project-root';
import { readGrayPng } from '../metrics/png-io';
import { ModelRegistry } from '../models/model-registry';
import { defaultModelsDir } from '../models/models-dir';
import { generateSyntheticDataset } from '../synthetic/generate-dataset';
import { runPython, venvPython } from './engine-fixture';

// A random tiny SSP text model (+text_vta, the engine's WordTokenizer over the answers) saved as an engine
// checkpoint, exported by the engine CLI, then run by the inference.run job with an answers.json.
const MAKE_CHECKPOINT = `
import sys
from ssp_engine import checkpoint
from ssp_engine.build import build_dataset, build_model, build_tokenizer, resolve_model_config
from ssp_engine.config import config_to_dict, train_config_from_dict
root, answers, out = sys.argv[1:4]
cfg = train_config_from_dict({"variant": "+text_vta", "size": "tiny", "data": {"root": root, "prompts_file": answers, "image_size": [64, 64], "val_split": None}})
tok = build_tokenizer(cfg)
model_cfg = resolve_model_config(cfg, build_dataset(cfg, "test", tok, training=False), tok)
model = build_model(model_cfg, cfg.data.image_size, 5)
checkpoint.save_atomic({"model": model.state_dict(), "model_config": config_to_dict(model_cfg), "config": config_to_dict(cfg),
                        "tokenizer": tok.state(), "epoch": 0, "step": 0}, out)
`;

let base: string;
let app: App;
let datasetId: number;
const name = `text-vta-test-${Date.now()}`;

async function call<T>(method: string, input: unknown): Promise<T> {
  const r = await app.dispatch(method, input);
  if (!r.ok) throw Object.assign(new Error(`${r.error.message} ${r.error.details?.fix ?? ''}`), { code: r.error.code });
  return r.value as T;
}
async function waitJob(id: string) {
  for (const end = Date.now() + 300_000; Date.now() < end; await new Promise((r) => setTimeout(r, 200))) {
    const j = await call<{ state: string; error: string | null; result: unknown }>('jobs.get', { id });
    if (j.state === 'done' || j.state === 'failed') return j;
  }
  throw new Error(`job ${id} did not finish`);
}
const listPngs = (dir: string) => (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.png')).sort();

beforeAll(async () => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-text-infer-'));
  app = createApp({ dataDir: path.join(base, 'data'), host: 'web' });
  const root = (await generateSyntheticDataset({ out: path.join(base, 'ds'), videos: 10, seed: 4, size: 64 })).root;
  const open = await call<{ datasetId: number; job: { id: string } }>('datasets.open', { root });
  datasetId = open.datasetId;
  await waitJob(open.job.id);
});
afterAll(() => {
  app?.dispose();
  for (const f of fs.existsSync(defaultModelsDir) ? fs.readdirSync(defaultModelsDir) : []) if (f.startsWith(name)) fs.rmSync(path.join(defaultModelsDir, f));
  fs.rmSync(base, { recursive: true, force: true });
});

describe.skipIf(!venvPython)('in-app inference of an SSP model with the text branch', () => {
  it('tokenises answers.json like the engine: predictions equal the engine eval, a metrics run is logged, a video without answers is a per-video error', async () => {
    const { root } = await call<{ root: string }>('datasets.info', { datasetId });
    const { rows } = await call<{ rows: { subset: string; uid: string }[] }>('datasets.videos', { datasetId, split: 'test' });
    expect(rows.length).toBeGreaterThan(1);
    const words = ['a dog barks in a park', 'a man plays the guitar', 'two birds sing', 'a car engine runs'];
    const all = Object.fromEntries(rows.map((v, i) => [`${v.subset}/${v.uid}`, { a1: words[i % 4], a2: words[(i + 1) % 4].split(' ').slice(1, 3).join(', ') }]));
    const full = path.join(base, 'answers.json');
    fs.writeFileSync(full, JSON.stringify(all));
    const missingKey = `${rows[0].subset}/${rows[0].uid}`;
    const partial = path.join(base, 'answers-partial.json');
    fs.writeFileSync(partial, JSON.stringify(Object.fromEntries(Object.entries(all).filter(([k]) => k !== missingKey))));

    const ckpt = path.join(base, 'ckpt.pt');
    runPython(MAKE_CHECKPOINT, [root, full, ckpt]);
    const onnx = path.join(defaultModelsDir, `${name}.onnx`);
    execFileSync(venvPython!, ['-m', 'ssp_engine', 'export', '--checkpoint', ckpt, '--out', onnx, '--name', name], { cwd: path.join(projectRoot, 'engine'), stdio: 'ignore' });
    new ModelRegistry(defaultModelsDir).register(path.join(defaultModelsDir, `${name}.manifest.json`), onnx, { runId: 0, runName: 'by hand', datasetId, datasetRoot: root, config: {} });

    const listed = (await call<{ name: string; problem: string | null; needs: { answers: boolean; stage1: boolean }; trainedAnswersFile: string | null }[]>('inference.models', {})).find((m) => m.name === name);
    expect(listed).toMatchObject({ problem: null, needs: { answers: true, stage1: false }, trainedAnswersFile: full });
    await expect(call('inference.start', { model: name, datasetId, split: 'test' })).rejects.toMatchObject({ code: 'bad_input', message: expect.stringMatching(/text branch.*answers\.json/s) });

    const { job } = await call<{ job: { id: string } }>('inference.start', { model: name, datasetId, split: 'test', answersFile: partial });
    const done = await waitJob(job.id);
    expect(done.state, done.error ?? '').toBe('done');
    const { metricsRunId, predDir, failed } = done.result as { metricsRunId: number; predDir: string; failed: { video: string; error: string }[] };
    expect(failed).toEqual([{ video: missingKey, error: expect.stringContaining(`${partial} has no prompt answers for ${missingKey}`) }]);
    const logs = await call<{ text: string; level: string }[]>('jobs.logs', { id: job.id });
    expect(logs.some((l) => l.level === 'error' && l.text.includes(missingKey) && l.text.includes('export answers.json again'))).toBe(true);
    const videos = await call<{ total: number; rows: { uid: string; miou: number }[] }>('metrics.videos', { runId: metricsRunId });
    expect(videos.total).toBe(rows.length - 1);
    expect(videos.rows.every((r) => r.miou >= 0 && r.miou <= 1)).toBe(true);

    // The engine's own eval of the checkpoint (PyTorch, its tokenizer, the full answers): same PNGs (±1 grey level).
    const engineDir = path.join(base, 'engine-preds');
    execFileSync(venvPython!, ['-m', 'ssp_engine', 'eval', '--checkpoint', ckpt, '--split', 'test', '--save-predictions', engineDir], { cwd: path.join(projectRoot, 'engine'), stdio: 'ignore' });
    const ours = listPngs(predDir);
    expect(ours).toEqual(listPngs(path.join(engineDir, 'none')).filter((f) => !f.startsWith(`${missingKey}/`)));
    let worst = 0;
    const levels = new Set<number>();
    for (const rel of ours) {
      const [a, b] = await Promise.all([readGrayPng(path.join(predDir, rel)), readGrayPng(path.join(engineDir, 'none', rel))]);
      for (let i = 0; i < a.data.length; i++) {
        worst = Math.max(worst, Math.abs(a.data[i] - b.data[i]));
        levels.add(a.data[i]);
      }
    }
    expect(worst).toBeLessThanOrEqual(1);
    expect(levels.size).toBeGreaterThan(10);
  }, 400_000);
});
