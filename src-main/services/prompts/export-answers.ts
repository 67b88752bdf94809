import path from 'node:path';
import type { Db } from '../../store/db';
import { writeFileAtomic } from '../fs/atomic';
import type { DatasetAccess } from '../datasets/dataset-access';
import { latestAnswers, type Scope } from './audit-queries';

/**
 * answers.json as the engine reads it (docs/engine.md, "Prompt answers"): {"<subset>/<uid>": {"a1": ..., "a2": ...}}.
 * `missing` counts the dataset's videos without an answer (the engine needs every video of the splits it uses).
 */
export function exportAnswers(db: Db, access: DatasetAccess, s: Scope, file: string): { file: string; count: number; missing: number } {
  const out: Record<string, { a1: string; a2: string }> = {};
  for (const r of latestAnswers(db, s)) out[`${r.subset}/${r.uid}`] = { a1: r.a1, a2: r.a2 };
  const missing = access.list(s.datasetId).filter((v) => !(`${v.subset}/${v.uid}` in out)).length;
  const target = path.resolve(file);
  writeFileAtomic(target, JSON.stringify(out, null, 1));
  return { file: target, count: Object.keys(out).length, missing };
}
