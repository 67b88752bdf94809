import type { RemoteEngine } from '../../api/contracts/training';
import { diskCheck, gpuCheck, MIN_FREE_BYTES, type Check } from './launch-checks';
import { probeRemote } from './remote-engine';

/** The launch checks for a run over SSH, answered by the remote machine itself. */
export async function remoteChecks(r: RemoteEngine, gpus: number, devices: number[]): Promise<Check[]> {
  let p;
  try {
    p = await probeRemote(r);
  } catch (e) {
    return [{ name: 'SSH', ok: false, detail: `${r.host}: ${(e as Error).message}`, fix: 'Check that `ssh -o BatchMode=yes HOST true` works without a password prompt (key in ssh-agent, host in known_hosts).' }];
  }
  const checks: Check[] = [{ name: 'SSH', ok: true, detail: `${r.host} answered` }];
  checks.push(p.torch ? { name: 'Python engine', ok: true, detail: `${r.host}:${r.python} in ${r.engineDir} (torch ${p.torch})` } : { name: 'Python engine', ok: false, detail: `${r.host}:${r.python} in ${r.engineDir}: ${p.problem}`, fix: `On ${r.host}: pip install -e engine in that Python, or enter the right Python and engine folder.` });
  const gpu = gpuCheck(gpus, devices, p.cudaDevices, `on ${r.host}`);
  if (gpu) checks.push(gpu);
  checks.push({ name: 'Dataset', ok: p.datasetFound, detail: `${r.host}:${r.datasetRoot}`, ...(p.datasetFound ? {} : { fix: `Copy the dataset to ${r.host} (rsync -a) and enter its folder there.` }) });
  checks.push(diskCheck(p.freeBytes ?? 0, MIN_FREE_BYTES, `for ${r.workDir} on ${r.host}`));
  return checks;
}
