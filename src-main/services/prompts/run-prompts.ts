import type { PromptRunParams } from '../../api/contracts/prompts';
import { renderQ2 } from '../../core/prompts/template';
import type { Db } from '../../store/db';
import type { DatasetAccess } from '../datasets/dataset-access';
import { AnswerCache, normalizeEndpoint, settingsHash, type AnswerKey } from './answer-cache';
import { frameDataUrls } from './frame-images';
import { mapLimited } from './limiter';
import { askWithImages, ProviderError, type ProviderEndpoint } from './provider-client';
import { providerWithKey } from './provider-store';
import type { SecretStore } from './secret-store';
import { getTemplate } from './template-store';

export interface RunHooks {
  jobId: string;
  signal: AbortSignal;
  progress(done: number, total: number, message?: string): void;
  log(text: string, level?: 'info' | 'warn' | 'error'): void;
}

export interface RunResult {
  videos: number;
  answered: number;
  cached: number;
  failed: number;
}

/**
 * Asks Q1 (frames + Q1 -> A1) then Q2 (frames + Q2 with A1 in its slot -> A2) for each video, `concurrency` videos
 * at a time. Cached pairs are reused without a call; a video that fails at any step gets a failure row (stage and
 * message) and the job goes on; only complete pairs are cached.
 */
export async function runPrompts(db: Db, access: DatasetAccess, secrets: SecretStore, params: PromptRunParams, hooks: RunHooks): Promise<RunResult> {
  const template = getTemplate(db, params.templateId);
  const provider = providerWithKey(db, params.providerId, secrets);
  const videos = params.videos ?? access.list(params.datasetId, params.split);
  const key: AnswerKey = { datasetId: params.datasetId, templateId: template.id, endpoint: normalizeEndpoint(provider.baseUrl), model: provider.model, settingsHash: settingsHash(template) };
  const ep: ProviderEndpoint = { baseUrl: provider.baseUrl, model: provider.model, apiKey: provider.apiKey, timeoutMs: provider.timeoutMs, retries: provider.retries, backoffMs: params.backoffMs };
  const cache = new AnswerCache(db);
  const result: RunResult = { videos: videos.length, answered: 0, cached: 0, failed: 0 };
  let done = 0;
  const step = (v: { subset: string; uid: string }) => hooks.progress(++done, videos.length, `${v.subset}/${v.uid}`);
  hooks.log(`${template.name} v${template.version} on ${videos.length} videos via ${provider.name} (${provider.model}), ${provider.concurrency} at a time`);
  hooks.progress(0, videos.length);

  await mapLimited(videos, provider.concurrency, async (v) => {
    if (hooks.signal.aborted) return;
    if (cache.get(key, v.subset, v.uid)) {
      result.cached++;
      return step(v);
    }
    let stage: 'frames' | 'q1' | 'q2' = 'frames';
    let gt: string[] = [];
    const t0 = Date.now();
    try {
      const files = await access.files(params.datasetId, v);
      gt = files.classes;
      const images = await frameDataUrls(files.frames, template.frames.count, template.frames.size);
      stage = 'q1';
      const a1 = await askWithImages(ep, template.q1, images, template.sampling, hooks.signal);
      stage = 'q2';
      const a2 = await askWithImages(ep, renderQ2(template.q2, a1), images, template.sampling, hooks.signal);
      cache.put(key, v.subset, v.uid, { a1, a2, ms: Date.now() - t0, providerId: provider.id, gt });
      result.answered++;
    } catch (err) {
      if (err instanceof ProviderError && err.kind === 'cancelled') return;
      const error = (err as Error).message;
      cache.fail(key, v.subset, v.uid, { stage, error, jobId: hooks.jobId, providerId: provider.id, gt });
      result.failed++;
      hooks.log(`${v.subset}/${v.uid} (${stage}): ${error}`, 'warn');
    }
    step(v);
  });
  if (hooks.signal.aborted) throw new Error('cancelled');
  hooks.log(`answered ${result.answered}, from cache ${result.cached}, failed ${result.failed}`);
  return result;
}
