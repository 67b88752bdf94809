import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { promisify } from 'node:util';
import type { RemoteEngine } from '../../api/contracts/training';
import { parseEngineLine, type EngineEvent } from '../../core/training/engine-events';
import { sshLaunch } from './remote-engine';

const execFileAsync = promisify(execFile);

export interface EnginePython {
  python: string;
  torch: string;
  cudaDevices: number;
}

/**
 * The Python that imports ssp_engine and torch: the user's setting when there is one (a wrong setting is reported,
 * never silently replaced by another Python), else the project's .venv, then python3.
 */
export async function findEnginePython(pythonPath: string, projectRoot: string): Promise<EnginePython | { tried: string[] }> {
  const candidates = pythonPath ? [pythonPath] : [path.join(projectRoot, '.venv', 'bin', 'python'), 'python3'];
  for (const python of candidates) {
    try {
      const { stdout } = await execFileAsync(python, ['-c', 'import ssp_engine, torch; print(torch.__version__, torch.cuda.device_count())'], { timeout: 60_000 });
      const [torch, devices] = stdout.trim().split(' ');
      return { python, torch, cudaDevices: Number(devices) || 0 };
    } catch {
      // try the next candidate
    }
  }
  return { tried: candidates };
}

/** The engine's presets (names only), read from the engine itself so the app never keeps a copy. */
export async function enginePresets(python: string): Promise<{ sizes: string[]; variants: string[]; schedules: string[] }> {
  const code = 'import json; from ssp_engine.config import MODEL_SIZES as a, VARIANTS as b, SCHEDULES as c; print(json.dumps({"sizes": list(a), "variants": list(b), "schedules": list(c)}))';
  const { stdout } = await execFileAsync(python, ['-c', code], { timeout: 60_000 });
  return JSON.parse(stdout);
}

export interface EngineRun {
  child: ChildProcess;
  /** Resolves with the exit code once stdout is drained. */
  exited: Promise<number | null>;
  /** Graceful cancel: SIGTERM here; over SSH a line on stdin that the remote side turns into SIGTERM. */
  stop(): void;
}

export interface EngineOptions {
  python: string;
  args: string[];
  /** 0 = CPU; more than one runs torchrun with that many processes. */
  gpus: number;
  /** CUDA indices (one per GPU) the engine may see; empty = whatever CUDA_VISIBLE_DEVICES already allows. */
  devices?: number[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  remote?: { engine: RemoteEngine; config: { path: string; text: string } | null };
}

/** The command, arguments and extra environment that start the engine (here, or the ssh client for a remote run). */
export function engineLaunch(opts: EngineOptions): { command: string; args: string[]; env: Record<string, string> } {
  const engineArgv = opts.gpus > 1 ? ['-m', 'torch.distributed.run', '--standalone', `--nproc_per_node=${opts.gpus}`, '-m', 'ssp_engine', ...opts.args] : ['-m', 'ssp_engine', ...opts.args];
  const devices: Record<string, string> = opts.devices?.length ? { CUDA_VISIBLE_DEVICES: opts.devices.join(',') } : {};
  const remote = opts.remote;
  if (remote) return { ...sshLaunch(remote.engine, engineArgv, remote.config && { path: remote.config.path, bytes: Buffer.byteLength(remote.config.text) }, devices), env: {} };
  return { command: opts.python, args: withParentDeathSignal(engineArgv), env: devices };
}

/**
 * Runs `python -m ssp_engine <args>` (or torchrun for several GPUs) and hands each protocol event to `onEvent`;
 * stray stdout lines and stderr go to `onOutput` (warnings, tracebacks).
 */
export function runEngine(opts: EngineOptions, onEvent: (e: EngineEvent) => void, onOutput: (line: string, stream: 'stdout' | 'stderr') => void): EngineRun {
  const remote = opts.remote;
  const launch = engineLaunch(opts);
  const child = spawn(launch.command, launch.args, { cwd: opts.cwd, env: { ...process.env, PYTHONUNBUFFERED: '1', ...opts.env, ...launch.env }, stdio: [remote ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
  if (remote?.config) child.stdin!.write(remote.config.text);
  child.stdin?.on('error', () => {}); // the remote side may be gone already; its exit status says why
  const out = readline.createInterface({ input: child.stdout! });
  out.on('line', (line) => {
    const r = parseEngineLine(line);
    if ('event' in r) onEvent(r.event);
    else onOutput(line, 'stdout');
  });
  readline.createInterface({ input: child.stderr! }).on('line', (l) => onOutput(l, 'stderr'));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  return { child, exited, stop: () => (remote ? child.stdin!.write('stop\n') : child.kill('SIGTERM')) };
}

/**
 * On Linux, has the engine receive SIGTERM when the process that started it dies (even by SIGKILL), so a killed
 * job worker never leaves a training process behind: prctl(PR_SET_PDEATHSIG) survives the exec into the engine.
 */
function withParentDeathSignal(argv: string[]): string[] {
  if (process.platform !== 'linux') return argv;
  const code = 'import ctypes, os, signal, sys; ctypes.CDLL(None).prctl(1, signal.SIGTERM); os.execv(sys.executable, [sys.executable] + sys.argv[1:])';
  return ['-c', code, ...argv];
}
