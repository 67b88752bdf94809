import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../app/compose';
import { projectRoot } from '../../app/project-root';
import { generateSyntheticDataset } from '../synthetic/generate-dataset';

// Drives the real PyTorch engine (tiny random config, CPU) through the job runner; needs the project's .venv.
const hasEngine = fs.existsSync(path.join(projectRoot, '.venv', 'bin', 'python'));
let base: string;
let app: App;
let datasetId: number;

async function call<T>(method: string, input: unknown): Promise<T> {
  const r = await app.dispatch(method, input);
  if (!r.ok) throw Object.assign(new Error(`${r.error.message} ${r.error.details?.fix ?? ''}`), { code: r.error.code });
  return r.value as T;
}
async function waitJob(id: string, until: (s: string) => boolean, timeoutMs = 150_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const j = await call<{ state: string; error: string | null; result: unknown; progress: { done: number } }>('jobs.get', { id });
    if (until(j.state)) return j;
    if (Date.now() > end) throw new Error(`job ${id} still ${j.state}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-train-'));
  const root = (await generateSyntheticDataset({ out: path.join(base, 'ds'), videos: 6, seed: 2, size: 64 })).root;
  app = createApp({ dataDir: path.join(base, 'data'), host: 'web' });
  const open = await call<{ datasetId: number; job: { id: string } }>('datasets.open', { root });
  datasetId = open.datasetId;
  await waitJob(open.job.id, (s) => s === 'done');
});
afterAll(() => {
  app?.dispose();
  fs.rmSync(base, { recursive: true, force: true });
});

const form = (over: Record<string, unknown> = {}) => ({ name: 'tiny aavs', datasetId, size: 'tiny', variant: 'aavs', epochs: 2, batchSize: 2, imageSize: 64, ...over });

describe.skipIf(!hasEngine)('training through the engine', () => {
  it('lists the engine presets and refuses a launch whose inputs are missing, saying what to do', async () => {
    const opts = await call<{ variants: string[]; sizes: string[] }>('training.options', {});
    expect(opts.variants).toEqual(expect.arrayContaining(['aavs', '+pre', 'full']));
    expect(opts.sizes).toContain('tiny');
    const checks = await call<{ name: string; ok: boolean; fix?: string }[]>('training.validate', form({ variant: 'full' }));
    expect(checks.find((c) => c.name === 'M_Pre / M_Post layers')).toMatchObject({ ok: false, fix: expect.stringMatching(/Export the flow masks/) });
    expect(checks.find((c) => c.name === 'Prompt answers')).toMatchObject({ ok: false });
    await expect(call('training.start', form({ variant: 'full' }))).rejects.toMatchObject({ code: 'bad_input' });
  });

  it('trains, records loss curves per term, survives cancel + resume, and exports ONNX', async () => {
    const { job } = await call<{ job: { id: string } }>('training.start', form({ epochs: 40, maxSteps: 9 }));
    await waitJob(job.id, () => true); // started
    // Cancel once a checkpoint exists (the engine checkpoints at the end of each epoch: 3 steps here).
    for (;;) {
      const run = (await call<{ jobId: string; checkpoint: string | null; lastStep: number }[]>('training.runs', {})).find((r) => r.jobId === job.id);
      if (run?.checkpoint && run.lastStep >= 4) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await call('jobs.cancel', { id: job.id });
    const cancelled = await waitJob(job.id, (s) => s === 'cancelled' || s === 'failed' || s === 'done');
    expect(cancelled.state).toBe('cancelled');
    const run = (await call<{ id: number; jobId: string; lastStep: number; state: string }[]>('training.runs', {})).find((r) => r.jobId === job.id)!;
    expect(run.state).toBe('cancelled');
    const stoppedAt = run.lastStep;
    const curves = await call<Record<string, [number, number | null][]>>('training.curves', { runId: run.id });
    expect(Object.keys(curves)).toEqual(expect.arrayContaining(['loss.total', 'loss.mask', 'loss.dice', 'loss.cls', 'lr', 'samples_per_s']));
    expect(curves['loss.total'].map(([s]) => s)).toEqual(Array.from({ length: stoppedAt }, (_, i) => i + 1));
    expect(curves['loss.total'].every(([, v]) => typeof v === 'number' && Number.isFinite(v))).toBe(true);

    // Resume continues from the last checkpoint (an epoch boundary) up to max_steps.
    await call('jobs.resume', { id: job.id });
    const done = await waitJob(job.id, (s) => s === 'done' || s === 'failed');
    expect(done.state, done.error ?? '').toBe('done');
    const after = await call<Record<string, [number, number | null][]>>('training.curves', { runId: run.id });
    expect(after['loss.total'].map(([s]) => s)).toEqual(Array.from({ length: 9 }, (_, i) => i + 1));
    const logs = await call<{ text: string }[]>('jobs.logs', { id: job.id });
    expect(logs.some((l) => /resuming from .*last\.pt/.test(l.text))).toBe(true);

    const name = `tiny-test-${Date.now()}`;
    const exp = await call<{ job: { id: string } }>('training.export', { runId: run.id, name });
    const exported = await waitJob(exp.job.id, (s) => s === 'done' || s === 'failed');
    expect(exported.state, exported.error ?? '').toBe('done');
    const onnx = path.join(projectRoot, 'models', 'generated', `${name}.onnx`);
    expect(fs.statSync(onnx).size).toBeGreaterThan(1000);
    expect((exported.result as { maxAbsDiff: number }).maxAbsDiff).toBeLessThanOrEqual(1e-4);
    const runs = await call<{ id: number; model: string | null }[]>('training.runs', {});
    expect(runs.find((r) => r.id === run.id)?.model).toBe(name);
    for (const f of fs.readdirSync(path.dirname(onnx))) if (f.startsWith(name)) fs.rmSync(path.join(path.dirname(onnx), f));
  }, 300_000);
});
