import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EventBus } from '../../api/events';
import { appDbPath } from '../../app/data-dir';
import { allMigrations } from '../../app/migrations';
import { JobRunner } from '../../jobs/job-runner';
import { processAlive } from '../../jobs/test-processes';
import { openDatabase, type Db } from '../../store/db';
import { engineLaunch } from './python-engine';
import { shq } from './remote-engine';

const remote = { host: 'gpu-box', ssh: 'ssh', python: 'python3', engineDir: '/srv/engine', workDir: '/srv/runs', datasetRoot: '/data/avs' };

describe('engineLaunch', () => {
  it('runs torchrun with one process per chosen device and shows the engine only those devices', () => {
    const l = engineLaunch({ python: '/venv/bin/python', args: ['train', '--config', 'c.json'], gpus: 2, devices: [0, 2], cwd: '/e' });
    expect(l.command).toBe('/venv/bin/python');
    expect(l.args.slice(-9)).toEqual(['-m', 'torch.distributed.run', '--standalone', '--nproc_per_node=2', '-m', 'ssp_engine', 'train', '--config', 'c.json']);
    expect(l.env).toEqual({ CUDA_VISIBLE_DEVICES: '0,2' });
  });

  it('starts one process for one device, and leaves CUDA_VISIBLE_DEVICES alone on CPU', () => {
    const one = engineLaunch({ python: 'py', args: ['train'], gpus: 1, devices: [3], cwd: '/e' });
    expect(one.args).not.toContain('torch.distributed.run');
    expect(one.args.slice(-3)).toEqual(['-m', 'ssp_engine', 'train']);
    expect(one.env).toEqual({ CUDA_VISIBLE_DEVICES: '3' });
    expect(engineLaunch({ python: 'py', args: ['train'], gpus: 0, cwd: '/e' }).env).toEqual({});
  });

  it('sets the devices on the remote machine over SSH', () => {
    const l = engineLaunch({ python: 'unused', args: ['train'], gpus: 2, devices: [1, 3], cwd: '/e', remote: { engine: remote, config: null } });
    expect(l.command).toBe('ssh');
    expect(l.env).toEqual({});
    const script = l.args.at(-1)!;
    expect(script).toContain([`env`, 'CUDA_VISIBLE_DEVICES=1,3', 'python3', '-m', 'torch.distributed.run', '--standalone', '--nproc_per_node=2', '-m', 'ssp_engine', 'train'].map(shq).join(' '));
  });
});

// A stand-in engine package (run as `python3 -m ssp_engine` from its folder, like the real one): it reports its pid,
// argv and CUDA_VISIBLE_DEVICES, ignores SIGTERM (also the one sent when its parent dies) and never stops by itself.
const STAND_IN = `import json, os, signal, sys, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
print("stand-in " + json.dumps({"pid": os.getpid(), "argv": sys.argv[1:], "cuda": os.environ.get("CUDA_VISIBLE_DEVICES")}), flush=True)
while True:
    time.sleep(1)
`;

describe('training.run with an engine that ignores SIGTERM', () => {
  const GRACE_MS = 1500;
  let base: string;
  let db: Db;
  let runner: JobRunner;
  let pid = 0;
  beforeAll(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-standin-'));
    fs.mkdirSync(path.join(base, 'engine', 'ssp_engine'), { recursive: true });
    fs.writeFileSync(path.join(base, 'engine', 'ssp_engine', '__init__.py'), '');
    fs.writeFileSync(path.join(base, 'engine', 'ssp_engine', '__main__.py'), STAND_IN);
    const dataDir = path.join(base, 'data');
    fs.mkdirSync(dataDir);
    db = openDatabase(appDbPath(dataDir), allMigrations);
    runner = new JobRunner(db, new EventBus(), { dataDir, cancelGraceMs: GRACE_MS });
  });
  afterAll(() => {
    if (pid && processAlive(pid)) process.kill(pid, 'SIGKILL');
    runner.dispose();
    db.close();
    fs.rmSync(base, { recursive: true, force: true });
  });

  it('launches the engine with the chosen CUDA device, and a forced cancel kills it after the grace', async () => {
    const params = { name: 'stand-in', config: { data: { root: base } }, python: 'python3', engineDir: path.join(base, 'engine'), gpus: 1, devices: [2] };
    const job = runner.start('training.run', params);
    let seen: { pid: number; argv: string[]; cuda: string | null } | undefined;
    for (const end = Date.now() + 30_000; !seen && Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
      const line = runner.logs(job.id, -1, 100).find((l) => l.text.startsWith('stand-in '));
      if (line) seen = JSON.parse(line.text.slice('stand-in '.length));
    }
    expect(seen, runner.logs(job.id, -1, 100).map((l) => l.text).join('\n')).toBeDefined();
    pid = seen!.pid;
    expect(seen!.cuda).toBe('2');
    expect(seen!.argv).toEqual(['train', '--config', path.join(base, 'data', 'training', job.id, 'config.json')]);

    const cancelledAt = Date.now();
    runner.cancel(job.id);
    await new Promise((r) => setTimeout(r, GRACE_MS / 2));
    expect(processAlive(pid)).toBe(true); // SIGTERM ignored: only the forced path can stop it
    while (processAlive(pid) && Date.now() - cancelledAt < GRACE_MS + 5_000) await new Promise((r) => setTimeout(r, 50));
    const gone = Date.now() - cancelledAt;
    expect(processAlive(pid)).toBe(false);
    expect(gone).toBeGreaterThanOrEqual(GRACE_MS);
    await runner.idle();
    expect(runner.get(job.id)).toMatchObject({ state: 'cancelled', resumable: true });
  }, 60_000);
});
