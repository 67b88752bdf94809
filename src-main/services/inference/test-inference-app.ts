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
import { venvPython } from './engine-fixture';

// What the inference.run tests share: an app over an indexed synthetic dataset, the engine CLI's export and eval
// of a checkpoint, and the PNG-by-PNG comparison of two prediction folders.

export interface InferenceTestApp {
  base: string;
  app: App;
  datasetId: number;
  root: string;
  call<T>(method: string, input: unknown): Promise<T>;
  waitJob(id: string): Promise<{ state: string; error: string | null; result: unknown }>;
  /** Exports a checkpoint with the engine CLI into the app's models folder and registers it as `name`. */
  exportModel(ckpt: string, name: string, exportArgs?: string[]): void;
  /** The engine's own eval of a checkpoint on the test split, PNGs under `<out>/none`. */
  engineEval(ckpt: string, out: string, evalArgs?: string[]): void;
  dispose(): void;
}

const engineCli = (args: string[]) => execFileSync(venvPython!, ['-m', 'ssp_engine', ...args], { cwd: path.join(projectRoot, 'engine'), stdio: 'ignore' });

/** A web app on a fresh data folder with a 10-video 64 px synthetic dataset opened and indexed. */
export async function openInferenceTestApp(prefix: string): Promise<InferenceTestApp> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const app = createApp({ dataDir: path.join(base, 'data'), host: 'web' });
  const exported: string[] = [];
  const call = async <T>(method: string, input: unknown): Promise<T> => {
    const r = await app.dispatch(method, input);
    if (!r.ok) throw Object.assign(new Error(`${r.error.message} ${r.error.details?.fix ?? ''}`), { code: r.error.code });
    return r.value as T;
  };
  const waitJob = async (id: string) => {
    for (const end = Date.now() + 300_000; Date.now() < end; await new Promise((r) => setTimeout(r, 200))) {
      const j = await call<{ state: string; error: string | null; result: unknown }>('jobs.get', { id });
      if (j.state === 'done' || j.state === 'failed') return j;
    }
    throw new Error(`job ${id} did not finish`);
  };
  const synth = await generateSyntheticDataset({ out: path.join(base, 'ds'), videos: 10, seed: 4, size: 64 });
  const open = await call<{ datasetId: number; job: { id: string } }>('datasets.open', { root: synth.root });
  await waitJob(open.job.id);
  const { root } = await call<{ root: string }>('datasets.info', { datasetId: open.datasetId });
  return {
    base,
    app,
    datasetId: open.datasetId,
    root,
    call,
    waitJob,
    exportModel(ckpt, name, exportArgs = []) {
      const onnx = path.join(defaultModelsDir, `${name}.onnx`);
      exported.push(name);
      engineCli(['export', '--checkpoint', ckpt, '--out', onnx, '--name', name, ...exportArgs]);
      new ModelRegistry(defaultModelsDir).register(path.join(defaultModelsDir, `${name}.manifest.json`), onnx, { runId: 0, runName: 'by hand', datasetId: open.datasetId, datasetRoot: root, config: {} });
    },
    engineEval(ckpt, out, evalArgs = []) {
      engineCli(['eval', '--checkpoint', ckpt, '--split', 'test', '--save-predictions', out, ...evalArgs]);
    },
    dispose() {
      app.dispose();
      for (const f of fs.existsSync(defaultModelsDir) ? fs.readdirSync(defaultModelsDir) : []) if (exported.some((n) => f.startsWith(n))) fs.rmSync(path.join(defaultModelsDir, f));
      fs.rmSync(base, { recursive: true, force: true });
    },
  };
}

export const listPngs = (dir: string) => (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.png')).sort();

/** The largest grey-level difference between same-named PNGs of two folders, and the distinct levels of the first. */
export async function comparePngs(ours: string, theirs: string, files: string[]): Promise<{ worst: number; levels: Set<number> }> {
  let worst = 0;
  const levels = new Set<number>();
  for (const rel of files) {
    const [a, b] = await Promise.all([readGrayPng(path.join(ours, rel)), readGrayPng(path.join(theirs, rel))]);
    for (let i = 0; i < a.data.length; i++) {
      worst = Math.max(worst, Math.abs(a.data[i] - b.data[i]));
      levels.add(a.data[i]);
    }
  }
  return { worst, levels };
}
