// Loopback load on the web host: API calls and media GETs through the real `ssp-studio serve` process (auth, validation,
// dispatch), against a bare node:http server answering the same bytes, both measured in this run with autocannon.
// Reports requests/s, p99 latency, errors, and the host's RSS after each of two rounds (memory must stay flat).
// Run: node --import tsx bench/web-host-load.bench.ts [seconds-per-endpoint]
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { generateSyntheticDataset } from '../src-main/services/synthetic/generate-dataset';

const SECONDS = Number(process.argv[2] ?? 5);
const CONNECTIONS = 8;
const ROUNDS = 2;
/** Memory is flat when a repeat of the same load ends less than this above the earlier peak RSS. */
const RSS_GROWTH_LIMIT_MIB = 16;
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

interface Target {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

async function startHost(dataDir: string): Promise<{ url: string; token: string; pid: number; stop(): void }> {
  const child = spawn(process.execPath, ['bin/ssp-studio.mjs', 'serve', '--port', '0', '--data-dir', dataDir], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve) => readline.createInterface({ input: child.stdout! }).once('line', resolve));
  const { url, openUrl } = JSON.parse(line) as { url: string; openUrl: string };
  return { url, token: new URL(openUrl).searchParams.get('token')!, pid: child.pid!, stop: () => child.kill('SIGTERM') };
}

const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

async function load(url: string, target: Target, headers: Record<string, string>) {
  const r = await autocannon({
    url: url + target.path,
    method: target.method,
    body: target.body,
    headers: { ...headers, ...(target.body ? { 'content-type': 'application/json' } : {}) },
    connections: CONNECTIONS,
    duration: SECONDS,
  });
  return { rps: r.requests.average, p99: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx };
}

async function call<T>(url: string, token: string, method: string, input: unknown): Promise<T> {
  const res = await fetch(`${url}/api/call/${method}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(input) });
  const body = (await res.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${method}: ${body.error?.message}`);
  return body.value;
}

async function waitJob(url: string, token: string, id: string): Promise<void> {
  while ((await call<{ state: string }>(url, token, 'jobs.get', { id })).state !== 'done') await new Promise((r) => setTimeout(r, 100));
}

/** A synthetic dataset opened in the host and an evaluation run of perfect predictions: the frame and metrics endpoints. */
async function seed(url: string, token: string, base: string): Promise<Target[]> {
  const root = (await generateSyntheticDataset({ out: path.join(base, 'avss'), videos: 24, seed: 3, size: 224 })).root;
  const open = await call<{ datasetId: number; job: { id: string } }>(url, token, 'datasets.open', { root });
  await waitJob(url, token, open.job.id);
  const pred = path.join(base, 'pred');
  for (const subset of ['v1s', 'v1m', 'v2']) {
    for (const uid of fs.readdirSync(path.join(root, subset))) fs.cpSync(path.join(root, subset, uid, 'labels_semantic'), path.join(pred, subset, uid), { recursive: true });
  }
  const run = await call<{ runId: number; job: { id: string } }>(url, token, 'metrics.importPredictions', { datasetId: open.datasetId, predDir: pred });
  await waitJob(url, token, run.job.id);
  const { rows } = await call<{ rows: { subset: string; uid: string }[] }>(url, token, 'datasets.videos', { datasetId: open.datasetId, limit: 1 });
  const q = new URLSearchParams({ datasetId: String(open.datasetId), subset: rows[0].subset, uid: rows[0].uid, t: '0' });
  return [
    { name: 'media datasets/frame', method: 'GET', path: `/media/datasets/frame?${q}` },
    { name: 'api metrics.videos', method: 'POST', path: '/api/call/metrics.videos', body: JSON.stringify({ runId: run.runId, limit: 100 }) },
  ];
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-load-'));
  const host = await startHost(dataDir);
  const auth = { authorization: `Bearer ${host.token}` };
  const targets: Target[] = [
    ...(await seed(host.url, host.token, dataDir)),
    { name: 'api system.info', method: 'POST', path: '/api/call/system.info', body: '{}' },
    { name: 'api settings.get', method: 'POST', path: '/api/call/settings.get', body: '{}' },
    { name: 'static index.html', method: 'GET', path: '/' },
  ];
  // The reference: a bare server answering each target's exact response bytes, no auth, no validation.
  const bodies = new Map<string, Buffer>();
  for (const t of targets) {
    const res = await fetch(host.url + t.path, { method: t.method, body: t.body, headers: { ...auth, 'content-type': 'application/json' } });
    if (!res.ok) throw new Error(`${t.name}: HTTP ${res.status}`);
    bodies.set(t.path, Buffer.from(await res.arrayBuffer()));
  }
  const bare = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end(bodies.get(req.url ?? '') ?? ''));
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', () => r()));
  const bareUrl = `http://127.0.0.1:${(bare.address() as { port: number }).port}`;

  await load(host.url, targets[0], auth); // warm-up
  // Two identical rounds: the first settles caches and JIT. RSS swings with garbage collection, so a leak is the last
  // round ending above the highest RSS seen before it.
  const rss = [rssMiB(host.pid)];
  console.log(`web host under loopback load: ${CONNECTIONS} connections, ${SECONDS} s per endpoint, ${ROUNDS} rounds`);
  let errors = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    console.log(`round ${round}\nendpoint               host req/s   p99 ms  errors | bare req/s  p99 ms | host/bare`);
    for (const t of targets) {
      const h = await load(host.url, t, auth);
      const b = await load(bareUrl, t, {});
      errors += h.errors;
      console.log(
        `${t.name.padEnd(22)} ${h.rps.toFixed(0).padStart(10)} ${h.p99.toFixed(1).padStart(8)} ${String(h.errors).padStart(7)} | ${b.rps.toFixed(0).padStart(10)} ${b.p99.toFixed(1).padStart(7)} | ${(h.rps / b.rps).toFixed(2).padStart(9)}`,
      );
    }
    rss.push(rssMiB(host.pid));
  }
  const growth = rss[ROUNDS] - Math.max(...rss.slice(0, ROUNDS));
  console.log(`host RSS (MiB): ${rss.map((m) => m.toFixed(1)).join(' -> ')}; last round vs the earlier peak ${growth.toFixed(1)} MiB (limit ${RSS_GROWTH_LIMIT_MIB})`);
  console.log(errors === 0 ? 'no errors' : `ERRORS: ${errors}`);
  host.stop();
  bare.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (errors > 0 || growth > RSS_GROWTH_LIMIT_MIB) process.exit(1);
}

void main();
