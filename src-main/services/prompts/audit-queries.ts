import type { z } from 'zod';
import type { AuditRow, AuditSummary } from '../../api/contracts/prompts';
import { auditAnswer, disagreement, summarizeAudits } from '../../core/prompts/audit';
import type { Lexicon } from '../../core/prompts/lexicon';
import type { Db } from '../../store/db';

export interface Scope {
  datasetId: number;
  templateId: number;
  providerId?: number;
}

interface AnswerRecord {
  subset: string;
  uid: string;
  a1: string;
  a2: string;
  gt_classes: string;
  model: string;
  endpoint: string;
  ms: number;
  created_at: number;
}

const providerFilter = (s: Scope) => (s.providerId === undefined ? ['', []] as const : [' AND provider_id = ?', [s.providerId]] as const);

/** The latest answer per video of a template version on a dataset (any provider unless one is named). */
export function latestAnswers(db: Db, s: Scope): AnswerRecord[] {
  const [sql, args] = providerFilter(s);
  const rows = db
    .prepare(`SELECT subset, uid, a1, a2, gt_classes, model, endpoint, ms, created_at FROM prompt_answers WHERE dataset_id = ? AND template_id = ?${sql} ORDER BY created_at, id`)
    .all(s.datasetId, s.templateId, ...args) as AnswerRecord[];
  const latest = new Map<string, AnswerRecord>();
  for (const r of rows) latest.set(`${r.subset}/${r.uid}`, r);
  return [...latest.values()].sort((a, b) => a.subset.localeCompare(b.subset) || a.uid.localeCompare(b.uid));
}

/** Audit rows: answered videos, then videos whose last attempt failed and that have no answer. */
export function auditRows(db: Db, s: Scope, lexicon: Lexicon): AuditRow[] {
  const answered = latestAnswers(db, s).map((r): AuditRow => ({ subset: r.subset, uid: r.uid, a1: r.a1, a2: r.a2, error: null, ...auditAnswer(r.a1, r.a2, JSON.parse(r.gt_classes), lexicon) }));
  const have = new Set(answered.map((r) => `${r.subset}/${r.uid}`));
  const [sql, args] = providerFilter(s);
  const failed = (db.prepare(`SELECT subset, uid, stage, error, gt_classes FROM prompt_failures WHERE dataset_id = ? AND template_id = ?${sql} ORDER BY subset, uid`).all(s.datasetId, s.templateId, ...args) as {
    subset: string;
    uid: string;
    stage: string;
    error: string;
    gt_classes: string;
  }[])
    .filter((f) => !have.has(`${f.subset}/${f.uid}`))
    .map((f): AuditRow => ({ subset: f.subset, uid: f.uid, a1: null, a2: null, error: `${f.stage}: ${f.error}`, nouns: [], gt: JSON.parse(f.gt_classes), precision: null, recall: null, uselessWords: null, a1Words: null, a2Words: null }));
  return [...answered, ...failed];
}

export function auditSummary(rows: readonly AuditRow[]): z.infer<typeof AuditSummary> {
  const ok = rows.filter((r) => r.error === null) as (AuditRow & { uselessWords: number; a1Words: number; a2Words: number })[];
  return { ...summarizeAudits(ok), failed: rows.length - ok.length };
}

/** Template versions that have answers on the dataset. */
export function versionsWithAnswers(db: Db, datasetId: number, providerId?: number): { templateId: number; name: string; version: number }[] {
  return db
    .prepare(
      `SELECT t.id AS templateId, t.name, t.version FROM prompt_templates t
       WHERE EXISTS (SELECT 1 FROM prompt_answers a WHERE a.template_id = t.id AND a.dataset_id = ?${providerId === undefined ? '' : ' AND a.provider_id = ?'})
       ORDER BY t.name, t.version`,
    )
    .all(datasetId, ...(providerId === undefined ? [] : [providerId])) as { templateId: number; name: string; version: number }[];
}

const side = (r: AuditRow | undefined) => (r ? { a1: r.a1, a2: r.a2, error: r.error, nouns: r.nouns, precision: r.precision, recall: r.recall, uselessWords: r.uselessWords } : null);

/** Two versions per video; a video answered by only one side disagrees fully. Most disagreeing first. */
export function compareVersions(a: readonly AuditRow[], b: readonly AuditRow[]) {
  const byKey = (rows: readonly AuditRow[]) => new Map(rows.map((r) => [`${r.subset}/${r.uid}`, r]));
  const [ma, mb] = [byKey(a), byKey(b)];
  const keys = [...new Set([...ma.keys(), ...mb.keys()])];
  return keys
    .map((k) => {
      const [ra, rb] = [ma.get(k), mb.get(k)];
      const any = (ra ?? rb)!;
      const both = ra && rb && ra.error === null && rb.error === null;
      return { subset: any.subset, uid: any.uid, gt: any.gt, a: side(ra), b: side(rb), disagreement: both ? disagreement(ra.nouns, rb.nouns) : 1 };
    })
    .sort((x, y) => y.disagreement - x.disagreement || x.subset.localeCompare(y.subset) || x.uid.localeCompare(y.uid));
}
