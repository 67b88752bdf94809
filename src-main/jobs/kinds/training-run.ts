import { z } from 'zod';
import { CudaDevices, RemoteEngine } from '../../api/contracts/training';
import { defineJobKind } from '../job-kind';

const Resume = z.object({ runId: z.number(), checkpoint: z.string().nullable() });

/**
 * Runs `ssp_engine train` in a child process: protocol events become curves in SQLite and job progress; cancel
 * sends SIGTERM (the engine finishes its step and checkpoints); resume passes last.pt back (never best.pt,
 * which may be epochs behind).
 */
export const trainingRunJob = defineJobKind({
  kind: 'training.run',
  description: 'Fine-tune SSP/AAVS with the PyTorch engine (torchrun for several GPUs; here or over SSH); curves and checkpoints recorded.',
  params: z.object({
    name: z.string().min(1),
    config: z.record(z.string(), z.unknown()),
    python: z.string().min(1),
    engineDir: z.string().min(1),
    gpus: z.number().int().min(0).max(16).default(0),
    devices: CudaDevices,
    datasetId: z.number().int().nullable().default(null),
    remote: RemoteEngine.nullable().default(null),
  }),
  // The engine finishes its step and writes a checkpoint before it stops; past this the runner kills the worker's
  // process group, the engine (even one that ignores SIGTERM) with it.
  cancelGraceMs: 120_000,
  title: (p) => `Train ${p.name}`,
  async run(ctx) {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const { TrainingStore } = await import('../../services/training/training-store');
    const { runEngine } = await import('../../services/training/python-engine');
    const { remoteRunDir } = await import('../../services/training/remote-engine');
    const { remote } = ctx.params;
    const store = new TrainingStore(ctx.db());
    const resume = Resume.safeParse(ctx.checkpoint);
    // Over SSH the run folder and the dataset are on the remote machine; a copy of the config stays here.
    const localDir = path.join(ctx.dataDir, 'training', ctx.jobId);
    fs.mkdirSync(localDir, { recursive: true });
    const outDir = remote ? remoteRunDir(remote, ctx.jobId) : localDir;
    const data = { ...(ctx.params.config.data as Record<string, unknown>), ...(remote ? { root: remote.datasetRoot } : {}) };
    const config = { ...ctx.params.config, data, out_dir: outDir };
    const configText = JSON.stringify(config, null, 1);
    fs.writeFileSync(path.join(localDir, 'config.json'), configText);
    const cfgFile = remote ? path.posix.join(outDir, 'config.json') : path.join(localDir, 'config.json');
    const runId = resume.success ? resume.data.runId : store.create(ctx.params.name, ctx.jobId, config, outDir, ctx.params.datasetId);
    if (!resume.success) ctx.saveCheckpoint({ runId, checkpoint: null });
    store.setState(runId, 'running');
    const args = ['train', '--config', cfgFile, ...(resume.success && resume.data.checkpoint ? ['--resume', resume.data.checkpoint] : [])];
    if (resume.success && resume.data.checkpoint) ctx.log(`resuming from ${resume.data.checkpoint}`);

    let failure: string | null = null;
    let reason = '';
    const engine = runEngine(
      { python: ctx.params.python, args, gpus: ctx.params.gpus, devices: ctx.params.devices, cwd: ctx.params.engineDir, ...(remote ? { remote: { engine: remote, config: { path: cfgFile, text: configText } } } : {}) },
      (e) => {
        store.record(runId, e);
        if (e.type === 'step') ctx.progress(e.step, e.total_steps, `loss ${e.losses.total?.toFixed(3) ?? '—'} · lr ${e.lr ?? '—'}`);
        else if (e.type === 'checkpoint' && e.name === 'last') ctx.saveCheckpoint({ runId, checkpoint: remote ? path.posix.resolve(remote.engineDir, e.path) : path.resolve(ctx.params.engineDir, e.path) });
        else if (e.type === 'eval') ctx.log(`eval ${e.split}/${e.control} epoch ${e.epoch}: ${Object.entries(e.metrics).map(([k, v]) => `${k} ${v}`).join(', ')}`);
        else if (e.type === 'log') ctx.log(e.message, e.level === 'warning' ? 'warn' : 'info');
        else if (e.type === 'error') failure = e.message;
        else if (e.type === 'done') reason = e.reason ?? '';
      },
      (line, stream) => ctx.log(line, stream === 'stderr' ? 'warn' : 'info'),
    );
    const stop = () => engine.stop();
    ctx.signal.addEventListener('abort', stop, { once: true });
    const code = await engine.exited;
    ctx.signal.removeEventListener('abort', stop);
    if (ctx.signal.aborted || reason === 'cancelled') {
      store.setState(runId, 'cancelled', true);
      throw new Error('cancelled');
    }
    if (code !== 0 || failure) {
      store.setState(runId, 'failed', true);
      throw new Error(failure ?? `the engine exited with status ${code}; see the log for its messages`);
    }
    store.setState(runId, 'done', true);
    return { runId, reason, steps: store.get(runId)?.lastStep ?? 0 };
  },
});
