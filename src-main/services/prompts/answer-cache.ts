import { createHash } from 'node:crypto';
import type { Template } from '../../api/contracts/prompts';
import type { Db } from '../../store/db';

/** Everything besides the video that decides an answer: the template version and the endpoint + model asked. */
export interface AnswerKey {
  datasetId: number;
  templateId: number;
  endpoint: string;
  model: string;
  settingsHash: string;
}

/** Hash of the texts and settings sent (a template version pins them; the hash guards the cache against edits by hand). */
export const settingsHash = (t: Template) => createHash('sha256').update(JSON.stringify([t.q1, t.q2, t.sampling, t.frames])).digest('hex').slice(0, 16);

export const normalizeEndpoint = (baseUrl: string) => baseUrl.trim().replace(/\/+$/, '');

export interface CachedAnswer {
  a1: string;
  a2: string;
}

export class AnswerCache {
  constructor(private readonly db: Db) {}

  get(k: AnswerKey, subset: string, uid: string): CachedAnswer | undefined {
    return this.db
      .prepare('SELECT a1, a2 FROM prompt_answers WHERE dataset_id = ? AND subset = ? AND uid = ? AND template_id = ? AND endpoint = ? AND model = ? AND settings_hash = ?')
      .get(k.datasetId, subset, uid, k.templateId, k.endpoint, k.model, k.settingsHash) as CachedAnswer | undefined;
  }

  /** Stores a complete answer pair and clears the video's failure for this key. */
  put(k: AnswerKey, subset: string, uid: string, a: CachedAnswer & { ms: number; providerId: number; gt: string[] }): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT OR REPLACE INTO prompt_answers (dataset_id, subset, uid, template_id, endpoint, model, settings_hash, provider_id, a1, a2, gt_classes, ms, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(k.datasetId, subset, uid, k.templateId, k.endpoint, k.model, k.settingsHash, a.providerId, a.a1, a.a2, JSON.stringify(a.gt), a.ms, Date.now());
      this.db.prepare('DELETE FROM prompt_failures WHERE dataset_id = ? AND subset = ? AND uid = ? AND template_id = ? AND endpoint = ? AND model = ?').run(k.datasetId, subset, uid, k.templateId, k.endpoint, k.model);
    })();
  }

  fail(k: AnswerKey, subset: string, uid: string, f: { stage: 'frames' | 'q1' | 'q2'; error: string; jobId: string; providerId: number; gt: string[] }): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO prompt_failures (dataset_id, subset, uid, template_id, endpoint, model, provider_id, job_id, stage, gt_classes, error, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(k.datasetId, subset, uid, k.templateId, k.endpoint, k.model, f.providerId, f.jobId, f.stage, JSON.stringify(f.gt), f.error, Date.now());
  }
}
