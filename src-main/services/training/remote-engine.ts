import path from 'node:path';
import type { RemoteEngine } from '../../api/contracts/training';

// The ssh client gets `-o BatchMode=yes -T <host> <command>` (a wrapper script works too); runs, checkpoints and
// configs go under <workDir>/<job id>/ on that machine.

/** POSIX shell single-quoting. */
export const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export const remoteRunDir = (r: RemoteEngine, jobId: string) => path.posix.join(r.workDir, jobId);

/**
 * The ssh command that runs `python <argv>` in the remote engine folder. stdin carries the config file first
 * (exactly `configBytes` bytes, written to `configPath`), then stays open as the cancel line: any line, or the
 * connection dropping (worker killed, network gone), sends the engine SIGTERM, so it checkpoints and stops instead
 * of training on unattended. stdout/stderr of the engine come back as they are (JSON lines and messages).
 * `env` (CUDA_VISIBLE_DEVICES) is set for the engine there.
 */
export function sshLaunch(r: RemoteEngine, argv: string[], config: { path: string; bytes: number } | null, env: Record<string, string> = {}): { command: string; args: string[] } {
  const vars = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  const script = [
    'set -e',
    ...(config ? [`mkdir -p ${shq(path.posix.dirname(config.path))}`, `dd bs=1 count=${config.bytes} of=${shq(config.path)} 2>/dev/null`] : []),
    `cd ${shq(r.engineDir)}`,
    'exec 3<&0',
    `${[...(vars.length ? ['env', ...vars] : []), r.python, ...argv].map(shq).join(' ')} </dev/null &`,
    'pid=$!',
    '(read -r _ <&3 || true; kill -TERM $pid 2>/dev/null) >/dev/null 2>&1 &',
    'watcher=$!',
    'set +e',
    'wait $pid',
    'code=$?',
    'kill $watcher 2>/dev/null',
    'exit $code',
  ].join('\n');
  return { command: r.ssh, args: ['-o', 'BatchMode=yes', '-T', r.host, script] };
}

export interface RemoteProbe {
  torch: string | null;
  cudaDevices: number;
  problem: string | null;
  datasetFound: boolean;
  freeBytes: number | null;
}

// One round trip: the engine importable, GPUs, the dataset folder, free space where the runs go.
const PROBE = `import json, os, shutil, sys
out = {"torch": None, "cudaDevices": 0, "problem": None, "datasetFound": os.path.isdir(sys.argv[1]), "freeBytes": None}
try:
    import ssp_engine, torch
    out["torch"] = torch.__version__; out["cudaDevices"] = torch.cuda.device_count()
except Exception as e:
    out["problem"] = f"{type(e).__name__}: {e}"
d = sys.argv[2]
while d and not os.path.isdir(d): d = os.path.dirname(d)
out["freeBytes"] = shutil.disk_usage(d or "/").free
print(json.dumps(out))`;

/** Asks the remote machine what the launch checks need; rejects with ssh's own message when it cannot connect. */
export async function probeRemote(r: RemoteEngine): Promise<RemoteProbe> {
  const { execFile } = await import('node:child_process');
  const launch = sshLaunch(r, ['-c', PROBE, r.datasetRoot, r.workDir], null);
  return new Promise((resolve, reject) => {
    execFile(launch.command, launch.args, { timeout: 60_000 }, (err, stdout, stderr) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as RemoteProbe);
      } catch {
        reject(new Error((stderr.trim() || err?.message || 'no answer').slice(0, 400)));
      }
    });
  });
}
