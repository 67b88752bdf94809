import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../app/compose';
import { projectRoot } from '../../app/project-root';
import { readGrayPng } from '../metrics/png-io';
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
    try {
      await inferAndCompareWithEngine(name, run.id);
    } finally {
      for (const f of fs.readdirSync(path.dirname(onnx))) if (f.startsWith(name)) fs.rmSync(path.join(path.dirname(onnx), f));
    }
  }, 400_000);
});

describe.skipIf(!hasEngine)('launch checks', () => {
  type Checks = { name: string; ok: boolean; detail: string; fix?: string }[];

  it('reports a Python setting that does not work instead of using another Python', async () => {
    const bad = path.join(base, 'no-such-python');
    await call('settings.update', { tools: { pythonPath: bad } });
    try {
      const checks = await call<Checks>('training.validate', form());
      expect(checks.find((c) => c.name === 'Python engine')).toMatchObject({ ok: false, detail: `No Python with ssp_engine and torch among ${bad}.`, fix: expect.stringMatching(/Settings > Tools > Python/) });
      await expect(call('training.start', form())).rejects.toMatchObject({ code: 'bad_input', message: expect.stringMatching(/Python engine/) });
      expect((await call<{ python: string | null; problem: unknown }>('training.options', {})).python).toBeNull();
    } finally {
      await call('settings.update', { tools: { pythonPath: '' } });
    }
    expect(await call<Checks>('training.validate', form())).toContainEqual(expect.objectContaining({ name: 'Python engine', ok: true }));
   }, 120_000);

  it('refuses a CUDA device on a machine where the engine sees none, and reports the free disk space', async () => {
    const info = JSON.parse(execFileSync(path.join(projectRoot, '.venv', 'bin', 'python'), ['-m', 'ssp_engine', 'info'], { cwd: path.join(projectRoot, 'engine'), encoding: 'utf8' }).trim().split('\n').pop()!);
    expect(info).toMatchObject({ type: 'done', command: 'info', gpus: expect.any(Number) });
    const gpus: number = info.gpus; // 0 on a machine without CUDA: then device 0 is asked of none
    const checks = await call<Checks>('training.validate', form({ gpus: 1, devices: [gpus] }));
    expect(checks.find((c) => c.name === 'GPUs')).toMatchObject({ ok: false, detail: expect.stringContaining(`CUDA device ${gpus} asked for, ${gpus} CUDA device(s) visible to torch here`) });
    await expect(call('training.start', form({ gpus: 1, devices: [gpus] }))).rejects.toMatchObject({ code: 'bad_input', message: expect.stringMatching(/GPUs: CUDA device/) });
    if (gpus === 0) expect(checks.find((c) => c.name === 'GPUs')?.fix).toMatch(/Choose CPU/);
    await expect(call('training.validate', form({ gpus: 2, devices: [0, 0] }))).rejects.toThrow(/each CUDA device once/);
    const dataDir = path.join(base, 'data');
    const byDf = Number(execFileSync('df', ['-B1', '--output=avail', dataDir], { encoding: 'utf8' }).trim().split('\n').pop());
    const disk = checks.find((c) => c.name === 'Disk space')!;
    expect(disk.detail).toMatch(new RegExp(` GiB free in ${dataDir}$`));
    expect(Math.abs(parseFloat(disk.detail) - byDf / 1024 ** 3)).toBeLessThanOrEqual(0.15); // others write meanwhile
    expect(disk.ok).toBe(byDf >= 2 * 1024 ** 3);
   }, 180_000);
});

describe.skipIf(!hasEngine)('a training run across an app restart', () => {
  it('shows interrupted after the app went away mid-run, and resumes from the engine checkpoint to the end', async () => {
    const { job } = await call<{ job: { id: string } }>('training.start', form({ name: 'restart', epochs: 40, maxSteps: 4, limit: 2 }));
    const runOf = async () => (await call<{ id: number; jobId: string; checkpoint: string | null; lastStep: number; state: string }[]>('training.runs', {})).find((r) => r.jobId === job.id);
    for (let r = await runOf(); !(r?.checkpoint && r.lastStep >= 2); r = await runOf()) await new Promise((res) => setTimeout(res, 200));
    app.dispose(); // the host goes away with its worker; the engine gets SIGTERM through the parent-death signal
    app = createApp({ dataDir: path.join(base, 'data'), host: 'web' });
    const run = (await runOf())!;
    expect(run.state).toBe('interrupted');
    expect(await call<{ resumable: boolean }>('jobs.get', { id: job.id })).toMatchObject({ resumable: true });
    await call('jobs.resume', { id: job.id });
    const done = await waitJob(job.id, (s) => s === 'done' || s === 'failed');
    expect(done.state, done.error ?? '').toBe('done');
    expect((await runOf())!.state).toBe('done');
    const curves = await call<Record<string, [number, number | null][]>>('training.curves', { runId: run.id });
    expect(curves['loss.total'].map(([s]) => s)).toEqual([1, 2, 3, 4]);
    expect((await call<{ text: string }[]>('jobs.logs', { id: job.id })).some((l) => /resuming from .*last\.pt/.test(l.text))).toBe(true);
  }, 200_000);
});

describe.skipIf(!hasEngine)('training over SSH', () => {
  it('streams the JSON lines back, cancels through the connection, and resumes on the remote machine', async () => {
    // A stand-in ssh client that runs the remote command on this machine, like `ssh localhost` would.
    const fakeSsh = path.join(base, 'fake-ssh');
    fs.writeFileSync(fakeSsh, '#!/bin/sh\nwhile [ $# -gt 1 ]; do shift; done\nexec sh -c "$1"\n', { mode: 0o755 });
    const root = (await call<{ root: string }>('datasets.info', { datasetId })).root;
    const remote = { host: 'gpu-box', ssh: fakeSsh, python: path.join(projectRoot, '.venv', 'bin', 'python'), engineDir: path.join(projectRoot, 'engine'), workDir: path.join(base, "remote runs/it's here"), datasetRoot: root };
    const checks = await call<{ name: string; ok: boolean; detail: string }[]>('training.validate', form({ remote: { ...remote, datasetRoot: `${root}-moved` } }));
    expect(checks.map((c) => [c.name, c.ok])).toEqual([['SSH', true], ['Python engine', true], ['Dataset', false], ['Disk space', true]]);

    const { job } = await call<{ job: { id: string } }>('training.start', form({ name: 'remote', epochs: 40, maxSteps: 4, limit: 2, remote }));
    const runOf = async () => (await call<{ id: number; jobId: string; checkpoint: string | null; lastStep: number; outDir: string }[]>('training.runs', {})).find((r) => r.jobId === job.id);
    for (let r = await runOf(); !(r?.checkpoint && r.lastStep >= 2); r = await runOf()) await new Promise((res) => setTimeout(res, 200));
    await call('jobs.cancel', { id: job.id });
    expect((await waitJob(job.id, (s) => s !== 'running')).state).toBe('cancelled');
    const run = (await runOf())!;
    expect(run.outDir).toBe(path.join(remote.workDir, job.id));
    expect(run.checkpoint).toBe(path.join(remote.workDir, job.id, 'last.pt'));
    expect(fs.existsSync(run.checkpoint!)).toBe(true); // written by the engine's graceful stop, not killed mid-step
    await call('jobs.resume', { id: job.id });
    const done = await waitJob(job.id, (s) => s === 'done' || s === 'failed');
    expect(done.state, done.error ?? '').toBe('done');
    const curves = await call<Record<string, [number, number | null][]>>('training.curves', { runId: run.id });
    expect(curves['loss.total'].map(([s]) => s)).toEqual([1, 2, 3, 4]);
  }, 200_000);
});

/**
 * In-app inference (onnxruntime-node, the app's own frame/audio preprocessing) against the engine's PyTorch
 * `eval --save-predictions` of the same checkpoint: the probability PNGs agree pixel for pixel (±1 grey level).
 */
async function inferAndCompareWithEngine(name: string, runId: number) {
  const models = await call<{ name: string; problem: string | null; task: string; trainedWith: { runId: number; datasetId: number | null } }[]>('inference.models', {});
  expect(models.find((m) => m.name === name)).toMatchObject({ problem: null, task: 'avs-binary', trainedWith: { runId, datasetId } });
  const { job } = await call<{ job: { id: string } }>('inference.start', { model: name, datasetId, split: 'test' });
  const done = await waitJob(job.id, (s) => s === 'done' || s === 'failed');
  expect(done.state, done.error ?? '').toBe('done');
  const { metricsRunId, predDir, provider } = done.result as { metricsRunId: number; predDir: string; provider: string };
  expect(provider).toBe('cpu');
  const videos = await call<{ total: number; rows: { uid: string; frames: number; miou: number }[] }>('metrics.videos', { runId: metricsRunId });
  const testVideos = await call<{ total: number }>('datasets.videos', { datasetId, split: 'test' });
  expect(videos.total).toBeGreaterThan(0);
  expect(videos.total).toBe(testVideos.total);
  expect(videos.rows.every((r) => r.frames > 0 && r.miou >= 0 && r.miou <= 1)).toBe(true);
  const { run: logged } = await call<{ run: { source: { type: string; path: string }; state: string; split: string } }>('metrics.run', { runId: metricsRunId });
  expect(logged).toMatchObject({ source: { type: 'model', path: predDir }, state: 'done', split: 'test' });

  const run = (await call<{ id: number; checkpoint: string; outDir: string }[]>('training.runs', {})).find((r) => r.id === runId)!;
  const engineDir = path.join(base, 'engine-preds');
  execFileSync(path.join(projectRoot, '.venv', 'bin', 'python'), ['-m', 'ssp_engine', 'eval', '--checkpoint', run.checkpoint, '--split', 'test', '--save-predictions', engineDir], { cwd: path.join(projectRoot, 'engine'), stdio: 'ignore' });
  const ours = listPngs(predDir);
  expect(ours).toEqual(listPngs(path.join(engineDir, 'none')));
  let worst = 0;
  const levels = new Set<number>();
  for (const rel of ours) {
    const [a, b] = await Promise.all([readGrayPng(path.join(predDir, rel)), readGrayPng(path.join(engineDir, 'none', rel))]);
    expect([a.width, a.height]).toEqual([b.width, b.height]);
    for (let i = 0; i < a.data.length; i++) {
      worst = Math.max(worst, Math.abs(a.data[i] - b.data[i]));
      levels.add(a.data[i]);
    }
  }
  expect(worst).toBeLessThanOrEqual(1);
  expect(levels.size).toBeGreaterThan(10); // real probability maps, not a constant that would match trivially
}

function listPngs(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.png')).sort();
}

