import type { RemoteEngine } from '../../api/contracts/training';
import { probeRemote } from './remote-engine';

type Check = { name: string; ok: boolean; detail: string; fix?: string };
const MIN_FREE_BYTES = 2 * 1024 ** 3;

/** The launch checks for a run over SSH, answered by the remote machine itself. */
export async function remoteChecks(r: RemoteEngine, gpus: number): Promise<Check[]> {
  let p;
  try {
    p = await probeRemote(r);
  } catch (e) {
    return [{ name: 'SSH', ok: false, detail: `${r.host}: ${(e as Error).message}`, fix: 'Check that `ssh -o BatchMode=yes HOST true` works without a password prompt (key in ssh-agent, host in known_hosts).' }];
  }
  const checks: Check[] = [{ name: 'SSH', ok: true, detail: `${r.host} answered` }];
  checks.push(p.torch ? { name: 'Python engine', ok: true, detail: `${r.host}:${r.python} in ${r.engineDir} (torch ${p.torch})` } : { name: 'Python engine', ok: false, detail: `${r.host}:${r.python} in ${r.engineDir}: ${p.problem}`, fix: `On ${r.host}: pip install -e engine in that Python, or enter the right Python and engine folder.` });
  if (gpus > 0) {
    const ok = p.cudaDevices >= gpus;
    checks.push({ name: 'GPUs', ok, detail: `${gpus} requested, ${p.cudaDevices} CUDA device(s) on ${r.host}`, ...(ok ? {} : { fix: 'Choose CPU or fewer GPUs.' }) });
  }
  checks.push({ name: 'Dataset', ok: p.datasetFound, detail: `${r.host}:${r.datasetRoot}`, ...(p.datasetFound ? {} : { fix: `Copy the dataset to ${r.host} (rsync -a) and enter its folder there.` }) });
  const free = p.freeBytes ?? 0;
  checks.push({ name: 'Disk space', ok: free >= MIN_FREE_BYTES, detail: `${(free / 1024 ** 3).toFixed(1)} GiB free for ${r.workDir} on ${r.host}`, ...(free >= MIN_FREE_BYTES ? {} : { fix: 'Free at least 2 GiB there for checkpoints, or pick another work folder.' }) });
  return checks;
}
