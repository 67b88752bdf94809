import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { runPython, venvPython } from './engine-fixture';
import { comparePngs, listPngs, openInferenceTestApp, type InferenceTestApp } from './test-inference-app';

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

let t: InferenceTestApp;
const name = `text-vta-test-${Date.now()}`;

beforeAll(async () => {
  t = await openInferenceTestApp('ssp-text-infer-');
});
afterAll(() => t?.dispose());

describe.skipIf(!venvPython)('in-app inference of an SSP model with the text branch', () => {
  it('tokenises answers.json like the engine: predictions equal the engine eval, a metrics run is logged, a video without answers is a per-video error', async () => {
    const { base, root, datasetId, call, waitJob } = t;
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
    t.exportModel(ckpt, name);

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
    t.engineEval(ckpt, engineDir);
    const ours = listPngs(predDir);
    expect(ours).toEqual(listPngs(path.join(engineDir, 'none')).filter((f) => !f.startsWith(`${missingKey}/`)));
    const { worst, levels } = await comparePngs(predDir, path.join(engineDir, 'none'), ours);
    expect(worst).toBeLessThanOrEqual(1);
    expect(levels.size).toBeGreaterThan(10);
  }, 400_000);
});
