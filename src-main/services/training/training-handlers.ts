import fs from 'node:fs';
import path from 'node:path';
import type { DomainHandlers } from '../../api/contract';
import type { TrainingForm } from '../../api/contracts/training';
import { AppError } from '../../api/errors';
import type { AppCore } from '../../app/app-core';
import { projectRoot } from '../../app/project-root';
import { defaultModelsDir } from '../models/models-dir';
import { engineConfig } from './engine-config';
import { diskCheck, freeBytes, gpuCheck, MIN_FREE_BYTES, type Check } from './launch-checks';
import { remoteChecks } from './remote-checks';
import { enginePresets, findEnginePython } from './python-engine';
import { TrainingStore } from './training-store';

export function createTrainingHandlers(core: AppCore): DomainHandlers<'training'> {
  const store = new TrainingStore(core.db);
  const engineDir = path.join(projectRoot, 'engine');
  const modelsDir = defaultModelsDir;
  const python = () => findEnginePython(core.settings.get().tools.pythonPath, projectRoot);

  async function validate(form: TrainingForm): Promise<{ checks: Check[]; python: string | null; root: string | null }> {
    if (form.remote) return { checks: await remoteChecks(form.remote, form.gpus, form.devices), python: form.remote.python, root: form.remote.datasetRoot };
    const checks: Check[] = [];
    const py = await python();
    if ('tried' in py) {
      checks.push({ name: 'Python engine', ok: false, detail: `No Python with ssp_engine and torch among ${py.tried.join(', ')}.`, fix: 'Run `python3 -m venv .venv && .venv/bin/pip install -e engine`, or set Settings > Tools > Python.' });
    } else {
      checks.push({ name: 'Python engine', ok: true, detail: `${py.python} (torch ${py.torch})` });
      const gpu = gpuCheck(form.gpus, form.devices, py.cudaDevices, 'here');
      if (gpu) checks.push(gpu);
    }
    let root: string | null = null;
    try {
      root = core.datasets.info(form.datasetId).root;
      checks.push({ name: 'Dataset', ok: fs.existsSync(root), detail: root, ...(fs.existsSync(root) ? {} : { fix: 'The dataset folder moved or was deleted; open it again in Datasets.' }) });
    } catch (e) {
      checks.push({ name: 'Dataset', ok: false, detail: (e as Error).message, fix: 'Open the dataset in the Datasets panel first.' });
    }
    const needsLayers = form.components.pre_mask || form.components.post_mask || (form.components.pre_mask === undefined && /pre|full/.test(form.variant));
    if (needsLayers || form.layersRoot) {
      const ok = !!form.layersRoot && fs.existsSync(form.layersRoot);
      checks.push({ name: 'M_Pre / M_Post layers', ok, detail: form.layersRoot ?? 'not set', ...(ok ? {} : { fix: 'Export the flow masks (Flow & masks → Export) and enter that folder, or switch the pre/post-mask off.' }) });
    }
    const needsText = form.components.text ? form.components.text !== 'none' : /text|full/.test(form.variant);
    if (needsText || form.promptsFile) {
      const ok = !!form.promptsFile && fs.existsSync(form.promptsFile);
      checks.push({ name: 'Prompt answers', ok, detail: form.promptsFile ?? 'not set', ...(ok ? {} : { fix: 'Export answers.json from the Prompt lab and enter its path, or set the text branch to none.' }) });
    }
    checks.push(diskCheck(freeBytes(core.dataDir), MIN_FREE_BYTES, `in ${core.dataDir}`));
    return { checks, python: 'tried' in py ? null : py.python, root };
  }

  const jobState = (jobId: string) => {
    try {
      const s = core.jobs.get(jobId).state;
      return s === 'running' || s === 'queued' ? null : s;
    } catch {
      return null;
    }
  };

  return {
    'training.options': async () => {
      const py = await python();
      if ('tried' in py) {
        return { python: null, torch: null, cudaDevices: 0, sizes: [], variants: [], schedules: [], problem: { name: 'Python engine', ok: false, detail: `No Python with ssp_engine among ${py.tried.join(', ')}.`, fix: 'Run `bash scripts/setup.sh` or set Settings > Tools > Python.' } };
      }
      return { python: py.python, torch: py.torch, cudaDevices: py.cudaDevices, ...(await enginePresets(py.python)), problem: null };
    },
    'training.validate': async (form) => (await validate(form)).checks,
    'training.start': async (form) => {
      const v = await validate(form);
      const bad = v.checks.filter((c) => !c.ok);
      if (bad.length || !v.python || !v.root) throw new AppError('bad_input', `Cannot start training: ${bad.map((c) => `${c.name}: ${c.detail}`).join('; ')}`, { fix: bad.map((c) => c.fix).filter(Boolean).join(' ') });
      const job = core.jobs.start('training.run', { name: form.name, config: engineConfig(form, v.root), python: v.python, engineDir, gpus: form.gpus, devices: form.devices, datasetId: form.datasetId, remote: form.remote });
      return { job };
    },
    // A run whose worker died with the app (crash, kill) still reads 'running' in its own table; its job says
    // 'interrupted' (resumable), which is what the panel must show.
    'training.runs': () => store.list().map((r) => (r.state === 'running' && r.jobId ? { ...r, state: jobState(r.jobId) ?? r.state } : r)),
    'training.curves': ({ runId, afterStep }) => store.curves(runId, afterStep),
    'training.evals': ({ runId }) => store.evals(runId),
    'training.export': async ({ runId, name }) => {
      const run = store.get(runId);
      if (!run) throw new AppError('not_found', `No training run ${runId}.`);
      if (!run.checkpoint) throw new AppError('bad_input', `Run "${run.name}" has no checkpoint yet.`, { fix: 'Let it train (or resume it) until the first checkpoint is written.' });
      if (!fs.existsSync(run.checkpoint)) throw new AppError('bad_input', `${run.checkpoint} is not on this machine (a run trained over SSH keeps it there).`, { file: run.checkpoint, fix: 'Copy it here (scp HOST:PATH .) and export it with `ssp_engine export`, or export on that machine.' });
      const py = await python();
      if ('tried' in py) throw new AppError('unavailable', 'No Python with ssp_engine found.', { fix: 'Run `bash scripts/setup.sh` or set Settings > Tools > Python.' });
      fs.mkdirSync(modelsDir, { recursive: true });
      return { job: core.jobs.start('training.export', { runId, name, python: py.python, engineDir, modelsDir }) };
    },
  };
}
