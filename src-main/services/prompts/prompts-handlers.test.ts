import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app/compose';
import { PAPER_Q1, PAPER_Q2 } from '../../core/prompts/template';
import { generateSyntheticDataset } from '../synthetic/generate-dataset';
import { fakeModel, startTestServer, type TestServer } from './testing/openai-compatible-server';

let dir: string;
let app: App;
let server: TestServer;
let datasetId: number;
let root: string;

async function call<T = any>(method: string, input: unknown): Promise<T> {
  const res = await app.dispatch(method, input);
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`);
  return res.value as T;
}

async function runJob(input: unknown) {
  const job = await call<{ id: string }>('prompts.run', input);
  await app.jobs.idle();
  return app.jobs.get(job.id);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-prompts-'));
  ({ root } = await generateSyntheticDataset({ out: path.join(dir, 'synth'), videos: 4, seed: 3, size: 64 }));
  app = createApp({ dataDir: path.join(dir, 'data'), host: 'web' });
  server = await startTestServer();
  ({ datasetId } = await call('datasets.open', { root }));
  await app.jobs.idle();
}, 60_000);

afterAll(async () => {
  app.dispose();
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('prompt lab through the API', () => {
  it('seeds the paper template and versions edits with a line diff', async () => {
    const [seed] = await call('prompts.templates', {});
    expect(seed).toMatchObject({ name: 'SSP paper', version: 1, q1: PAPER_Q1, q2: PAPER_Q2 });
    const v2 = await call('prompts.saveTemplate', { ...seed, q1: 'List every object.\nSay what it does.', frames: { count: 2, size: 32 } });
    expect(v2).toMatchObject({ name: 'SSP paper', version: 2 });
    const diff = await call('prompts.diff', { a: seed.id, b: v2.id });
    expect(diff.q1).toEqual([
      { op: 'del', text: PAPER_Q1 },
      { op: 'add', text: 'List every object.' },
      { op: 'add', text: 'Say what it does.' },
    ]);
    expect(diff.q2).toEqual([{ op: 'same', text: PAPER_Q2 }]);
    expect(diff.settings).toEqual([
      { field: 'frameCount', a: 5, b: 2 },
      { field: 'frameSize', a: 448, b: 32 },
    ]);
    await expect(call('prompts.saveTemplate', { ...seed, q2: 'no slot' })).rejects.toThrow(/validation.*\{A1\}/s);
  });

  it('stores the API key sealed, never returns it, keeps it on updates', async () => {
    const p = await call('prompts.saveProvider', { name: 'local', baseUrl: server.url, model: 'minicpm-v', apiKey: 'sk-secret-123', timeoutMs: 2000, retries: 1, concurrency: 2 });
    expect(p).toMatchObject({ name: 'local', hasKey: true });
    expect(JSON.stringify(await call('prompts.providers', {}))).not.toContain('sk-secret');
    const sealed = app.db.prepare('SELECT api_key_sealed FROM prompt_providers').pluck().get() as string;
    expect(sealed).toMatch(/^file:/);
    expect(fs.readFileSync(app.db.name).includes('sk-secret-123')).toBe(false);
    expect(fs.statSync(path.join(dir, 'data', 'secrets', 'prompts.key')).mode & 0o777).toBe(0o600);
    expect(await call('prompts.saveProvider', { ...p, model: 'minicpm-o' })).toMatchObject({ model: 'minicpm-o', hasKey: true });
  });

  it('runs Q1 then Q2 with A1 and the frames, caches the answers, and re-runs for free', async () => {
    const [v2, v1] = await call('prompts.templates', {});
    const [provider] = await call('prompts.providers', {});
    const job = await runJob({ templateId: v1.id, providerId: provider.id, datasetId, backoffMs: 1 });
    expect(job).toMatchObject({ state: 'done', result: { videos: 4, answered: 4, cached: 0, failed: 0 } });
    expect(server.requests).toHaveLength(8);
    const q1s = server.requests.filter((r) => r.text === PAPER_Q1);
    expect(q1s).toHaveLength(4);
    for (const r of server.requests) {
      expect(r.authorization).toBe('Bearer sk-secret-123');
      expect(r.body.model).toBe('minicpm-o');
      // Synthetic videos have 5 or 10 frames and the template asks for 5; 64 px frames are not enlarged.
      expect(r.images).toHaveLength(5);
      const meta = await sharp(Buffer.from(r.images[0].split(',')[1], 'base64')).metadata();
      expect([meta.format, meta.width]).toEqual(['jpeg', 64]);
    }
    const answers = await call<{ subset: string; uid: string; a1: string; a2: string }[]>('prompts.answers', { datasetId, templateId: v1.id });
    expect(answers).toHaveLength(4);
    for (const a of answers) {
      // Q2 went out with A1 in its slot, and A2 is what the server answered to it.
      const q2 = server.requests.find((r) => r.text === PAPER_Q2.replace('{A1}', a.a1));
      expect(q2).toBeDefined();
      expect(fakeModel(q2!)).toEqual({ kind: 'answer', text: a.a2 });
    }
    const again = await runJob({ templateId: v1.id, providerId: provider.id, datasetId });
    expect(again.result).toEqual({ videos: 4, answered: 0, cached: 4, failed: 0 });
    expect(server.requests).toHaveLength(8);

    // v2 sends 2 frames of at most 32 px.
    server.requests.splice(0);
    await runJob({ templateId: v2.id, providerId: provider.id, datasetId, split: 'train', backoffMs: 1 });
    expect(server.requests.length).toBeGreaterThan(0);
    for (const r of server.requests) expect(r.images).toHaveLength(2);
  }, 60_000);

  it('records per-video failures, keeps going, and caches nothing from a failed call', async () => {
    const t = await call('prompts.saveTemplate', { name: 'failing', q1: 'Q1 please', q2: 'Q2 with {A1}', sampling: { temperature: 0, maxTokens: 32, topP: 1 }, frames: { count: 1, size: 32 }, note: '' });
    const [provider] = await call('prompts.providers', {});
    const videos = await call<{ rows: { subset: string; uid: string }[] }>('datasets.videos', { datasetId });
    const [v0, v1, v2, v3] = videos.rows.map((v) => `${v.subset}/${v.uid}`);
    // One video at a time, no retries: each video sends one Q1, and a Q2 belongs to the video of the last Q1.
    await call('prompts.saveProvider', { ...provider, concurrency: 1, retries: 0 });
    const order = [v0, v1, v2, v3];
    let q1Seen = 0;
    server.script((req) => {
      const video = order[req.text.startsWith('Q2') ? q1Seen - 1 : q1Seen++];
      if (video === v0) return { kind: 'status', status: 400, body: '{"error":{"message":"image too large"}}' };
      if (video === v1 && req.text.startsWith('Q2')) return { kind: 'truncated' };
      if (video === v2) return { kind: 'empty' };
      return fakeModel(req);
    });
    const job = await runJob({ templateId: t.id, providerId: provider.id, datasetId, backoffMs: 1 });
    expect(job).toMatchObject({ state: 'done', result: { videos: 4, answered: 1, cached: 0, failed: 3 } });
    const audit = await call('prompts.audit', { datasetId, templateId: t.id });
    const errors = Object.fromEntries(audit.rows.map((r: any) => [`${r.subset}/${r.uid}`, r.error]));
    expect(errors[v0]).toMatch(/^q1: HTTP 400 .*image too large/);
    expect(errors[v1]).toMatch(/^q2: .*not valid JSON/);
    expect(errors[v2]).toMatch(/^q1: .*empty/);
    expect(errors[v3]).toBeNull();
    expect(audit.summary).toMatchObject({ videos: 1, failed: 3 });
    expect(app.db.prepare('SELECT COUNT(*) FROM prompt_answers WHERE template_id = ?').pluck().get(t.id)).toBe(1);

    // The server recovers: a re-run asks only the failed videos and clears their failures.
    server.script(fakeModel);
    const rerun = await runJob({ templateId: t.id, providerId: provider.id, datasetId, backoffMs: 1 });
    expect(rerun.result).toEqual({ videos: 4, answered: 3, cached: 1, failed: 0 });
    expect((await call('prompts.audit', { datasetId, templateId: t.id })).summary.failed).toBe(0);
  }, 60_000);

  it('reports an unreachable provider per video without aborting', async () => {
    const gone = await startTestServer();
    await gone.close();
    const p = await call('prompts.saveProvider', { name: 'gone', baseUrl: gone.url, model: 'm', timeoutMs: 500, retries: 1, concurrency: 2 });
    const [, v1] = await call('prompts.templates', {}).then((ts: any[]) => ts.filter((t) => t.name === 'SSP paper'));
    const job = await runJob({ templateId: v1.id, providerId: p.id, datasetId, backoffMs: 1 });
    expect(job).toMatchObject({ state: 'done', result: { answered: 0, failed: 4 } });
    const audit = await call('prompts.audit', { datasetId, templateId: v1.id, providerId: p.id });
    expect(audit.rows.every((r: any) => /Cannot reach .*ECONNREFUSED/.test(r.error))).toBe(true);
  }, 60_000);

  it('times out a hanging server per video (short client timeout instead of 60 s) and caches nothing', async () => {
    server.script(() => ({ kind: 'hang' }));
    const p = await call('prompts.saveProvider', { name: 'hangs', baseUrl: server.url, model: 'slow', timeoutMs: 200, retries: 0, concurrency: 4 });
    const [v1] = (await call('prompts.templates', {})).filter((t: any) => t.name === 'SSP paper' && t.version === 1);
    const job = await runJob({ templateId: v1.id, providerId: p.id, datasetId, backoffMs: 1 });
    expect(job).toMatchObject({ state: 'done', result: { answered: 0, failed: 4 } });
    const audit = await call('prompts.audit', { datasetId, templateId: v1.id, providerId: p.id });
    expect(audit.rows.map((r: any) => r.error)).toEqual(Array(4).fill(expect.stringMatching(/^q1: No answer from .* within 0.2 s/)));
    expect(app.db.prepare('SELECT COUNT(*) FROM prompt_answers WHERE provider_id = ?').pluck().get(p.id)).toBe(0);
    server.script(fakeModel);
  }, 60_000);

  it('cancels a running job: calls in flight are aborted and recorded as neither answer nor failure', async () => {
    server.script(() => ({ kind: 'hang' }));
    const p = await call('prompts.saveProvider', { name: 'cancel me', baseUrl: server.url, model: 'slow', timeoutMs: 60_000, retries: 0, concurrency: 2 });
    const [v1] = (await call('prompts.templates', {})).filter((t: any) => t.name === 'SSP paper' && t.version === 1);
    const before = server.requests.length;
    const job = await call<{ id: string }>('prompts.run', { templateId: v1.id, providerId: p.id, datasetId });
    await expect.poll(() => server.requests.length - before, { timeout: 20_000 }).toBe(2);
    await call('jobs.cancel', { id: job.id });
    await app.jobs.idle();
    expect(app.jobs.get(job.id).state).toBe('cancelled');
    const counts = app.db.prepare('SELECT (SELECT COUNT(*) FROM prompt_answers WHERE provider_id = ?) + (SELECT COUNT(*) FROM prompt_failures WHERE provider_id = ?)').pluck().get(p.id, p.id);
    expect(counts).toBe(0);
    server.script(fakeModel);
  }, 60_000);

  it('audits against GT classes, compares versions and exports answers.json', async () => {
    const [provider] = (await call('prompts.providers', {})).filter((p: any) => p.name === 'local');
    const [v2, v1] = (await call('prompts.templates', {})).filter((t: any) => t.name === 'SSP paper');
    const audit = await call('prompts.audit', { datasetId, templateId: v1.id, providerId: provider.id });
    const answers = await call<{ subset: string; uid: string; a1: string; a2: string }[]>('prompts.answers', { datasetId, templateId: v1.id, providerId: provider.id });
    const meta = fs.readFileSync(path.join(root, 'metadata.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    for (const row of audit.rows) {
      const a = answers.find((x) => x.uid === row.uid)!;
      // Independent check: the fake model's A2 is a comma list of class names; GT from metadata.csv's a_obj.
      const said = a.a2 === 'nothing' ? [] : a.a2.split(', ');
      const line = fs.readFileSync(path.join(root, 'metadata.csv'), 'utf8').split('\n').find((l) => l.includes(`,${row.uid},`))!;
      const gt = [...line.matchAll(/(dog|guitar|piano|car|bird|baby|violin|drum|clock)/g)].map((m) => m[1]);
      const hits = said.filter((n) => gt.includes(n)).length;
      expect(row.gt.sort()).toEqual([...new Set(gt)].sort());
      expect(row.precision).toBe(said.length ? hits / said.length : null);
      expect(row.recall).toBe(gt.length ? hits / gt.length : null);
      expect(row.a1Words).toBe(a.a1.split(/\s+/).filter((w) => /[a-z]/i.test(w)).length);
    }
    expect(meta).toHaveLength(4);
    const defined = audit.rows.filter((r: any) => r.precision !== null);
    expect(audit.summary.precision).toBeCloseTo(defined.reduce((s: number, r: any) => s + r.precision, 0) / defined.length, 12);
    expect(audit.versions.map((v: any) => [v.name, v.version])).toEqual([['SSP paper', 1], ['SSP paper', 2], ['failing', 1]]);

    const cmp = await call('prompts.compare', { datasetId, providerId: provider.id, a: v1.id, b: v2.id });
    expect(cmp.rows).toHaveLength(4);
    const d = cmp.rows.map((r: any) => r.disagreement);
    expect(d).toEqual([...d].sort((x, y) => y - x));
    for (const r of cmp.rows) {
      if (!r.a || !r.b) expect(r.disagreement).toBe(1);
      else {
        const [sa, sb] = [new Set(r.a.nouns), new Set(r.b.nouns)];
        const union = new Set([...sa, ...sb]).size;
        expect(r.disagreement).toBeCloseTo(union ? 1 - [...sa].filter((x) => sb.has(x)).length / union : 0, 12);
      }
    }

    const file = path.join(dir, 'out', 'answers.json');
    expect(await call('prompts.export', { datasetId, templateId: v1.id, providerId: provider.id, file })).toEqual({ file, count: 4, missing: 0 });
    const exported = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(exported).toEqual(Object.fromEntries(answers.map((a) => [`${a.subset}/${a.uid}`, { a1: a.a1, a2: a.a2 }])));
  });
  it("is read by the engine: its read_prompts accepts the file and every video of each split has its key", () => {
    const python = path.resolve(__dirname, '../../../.venv/bin/python');
    if (!fs.existsSync(python)) throw new Error(`no Python venv at ${python}: run the setup script`);
    const file = path.join(dir, 'out', 'answers.json');
    const script = [
      'import json, sys',
      'from ssp_engine.data.layout import list_videos, prompt_key, read_prompts',
      'answers = read_prompts(sys.argv[2])',
      "keys = [prompt_key(v) for split in ('train', 'val', 'test') for v in list_videos(sys.argv[1], split, ('v1s', 'v1m', 'v2'))]",
      'print(json.dumps({"videos": len(keys), "missing": [k for k in keys if k not in answers], "entries": len(answers)}))',
    ].join('\n');
    const out = execFileSync(python, ['-c', script, root, file], { cwd: path.resolve(__dirname, '../../../engine'), encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ videos: 4, missing: [], entries: 4 });
  }, 60_000);
});
