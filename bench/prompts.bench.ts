// Prompt runs: a first run over a synthetic dataset against the local OpenAI-compatible server (frames resized with
// sharp + two HTTP calls per video) against a re-run served from the answer cache, measured in the same run; then the
// audit (noun extraction, useless words, P/R) of an AVSS-sized answer set against a bare tokenisation of the same
// texts (the least any audit must do).
// Run: node --import tsx bench/prompts.bench.ts [videos]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp } from '../src-main/app/compose';
import { auditAnswer } from '../src-main/core/prompts/audit';
import { buildLexicon } from '../src-main/core/prompts/lexicon';
import { words } from '../src-main/core/prompts/words';
import { CatalogDatasetAccess } from '../src-main/services/datasets/catalog-access';
import { runPrompts } from '../src-main/services/prompts/run-prompts';
import { FileKeySecretStore } from '../src-main/services/prompts/secret-store';
import { fakeModel, startTestServer } from '../src-main/services/prompts/testing/openai-compatible-server';
import { generateSyntheticDataset } from '../src-main/services/synthetic/generate-dataset';

const VIDEOS = Number(process.argv[2] ?? 40);
const AUDITED = 12_356;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-bench-prompts-'));
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

try {
  const { root } = await generateSyntheticDataset({ out: path.join(dir, 'synth'), videos: VIDEOS, seed: 9, size: 224 });
  const app = createApp({ dataDir: path.join(dir, 'data'), host: 'web' });
  const server = await startTestServer(fakeModel);
  const call = async (m: string, input: unknown) => {
    const r = await app.dispatch(m, input);
    if (!r.ok) throw new Error(r.error.message);
    return r.value as any;
  };
  const { datasetId } = await call('datasets.open', { root });
  await app.jobs.idle();
  const provider = await call('prompts.saveProvider', { name: 'local', baseUrl: server.url, model: 'bench', timeoutMs: 10_000, retries: 0, concurrency: 2 });
  const [template] = await call('prompts.templates', {});
  const params = { templateId: template.id, providerId: provider.id, datasetId, backoffMs: 1 };
  const hooks = { jobId: 'bench', signal: new AbortController().signal, progress: () => {}, log: () => {} };
  const run = async () => {
    const t0 = performance.now();
    const r = await runPrompts(app.db, new CatalogDatasetAccess(app.db), new FileKeySecretStore(path.join(dir, 'data')), params, hooks);
    return { ms: performance.now() - t0, r };
  };
  const first = await run();
  const again = await run();
  console.log(`run over ${VIDEOS} videos (${template.frames.count} frames at ${template.frames.size} px, Q1 + Q2 each, concurrency 2): first ${s(first.ms)} (${first.r.answered} answered, ${server.requests.length} requests)`);
  console.log(`re-run from the cache: ${again.ms.toFixed(1)} ms (${again.r.cached} cached, ${server.requests.length - 2 * VIDEOS} new requests), ratio ${(first.ms / again.ms).toFixed(0)}x`);

  // Audit at AVSS scale: the answers above, repeated to 12,356 videos.
  const answers = await call('prompts.audit', { datasetId, templateId: template.id });
  const pairs = Array.from({ length: AUDITED }, (_, i) => answers.rows[i % answers.rows.length]);
  const lex = buildLexicon();
  const t0 = performance.now();
  let recall = 0;
  for (const p of pairs) recall += auditAnswer(p.a1, p.a2, p.gt, lex).recall ?? 0;
  const tAudit = performance.now() - t0;
  const t1 = performance.now();
  let n = 0;
  for (const p of pairs) n += words(p.a1).length + words(p.a2).length;
  const tWords = performance.now() - t1;
  console.log(`audit of ${AUDITED} answer pairs: ${tAudit.toFixed(0)} ms (${((1000 * tAudit) / AUDITED).toFixed(1)} µs each; mean recall ${(recall / AUDITED).toFixed(3)}), bare tokenisation ${tWords.toFixed(0)} ms (${n} words), ratio ${(tAudit / tWords).toFixed(1)}x`);
  await server.close();
  app.dispose();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
