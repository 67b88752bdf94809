import { z } from 'zod';
import { defineJobKind } from '../job-kind';

/** Exports a training run's last checkpoint to ONNX (+ manifest) in models/, checked against PyTorch by the engine. */
export const trainingExportJob = defineJobKind({
  kind: 'training.export',
  description: 'ONNX export of a trained model into models/, registered with its manifest (<name>.model.json).',
  params: z.object({ runId: z.number().int(), name: z.string().regex(/^[A-Za-z0-9._-]+$/), python: z.string(), engineDir: z.string(), modelsDir: z.string() }),
  title: (p) => `Export ${p.name} to ONNX`,
  async run(ctx) {
    const { TrainingStore } = await import('../../services/training/training-store');
    const { runEngine } = await import('../../services/training/python-engine');
    const { ModelRegistry } = await import('../../services/models/model-registry');
    const path = await import('node:path');
    const store = new TrainingStore(ctx.db());
    const run = store.get(ctx.params.runId);
    if (!run?.checkpoint) throw new Error(`Training run ${ctx.params.runId} has no checkpoint yet; train (or resume) it until one is written.`);
    const out = path.join(ctx.params.modelsDir, `${ctx.params.name}.onnx`);
    let failure: string | null = null;
    let result: Record<string, unknown> = {};
    const engine = runEngine(
      { python: ctx.params.python, args: ['export', '--checkpoint', run.checkpoint, '--out', out, '--name', ctx.params.name], gpus: 0, cwd: ctx.params.engineDir },
      (e) => {
        if (e.type === 'error') failure = e.message;
        if (e.type === 'done') result = { path: e.path, manifest: e.manifest, maxAbsDiff: e.max_abs_diff };
      },
      (line, stream) => ctx.log(line, stream === 'stderr' ? 'warn' : 'info'),
    );
    ctx.progress(0, 1, 'exporting');
    const code = await engine.exited;
    if (code !== 0 || failure) throw new Error(failure ?? `export exited with status ${code}`);
    const data = (run.config.data ?? {}) as { root?: string };
    new ModelRegistry(ctx.params.modelsDir).register(String(result.manifest), out, { runId: run.id, runName: run.name, datasetId: run.datasetId, datasetRoot: data.root ?? null, config: run.config });
    store.setModel(run.id, ctx.params.name);
    ctx.progress(1, 1);
    ctx.log(`exported ${out} (ONNX vs PyTorch max abs diff ${result.maxAbsDiff})`);
    return result;
  },
});
