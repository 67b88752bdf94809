import type { z } from 'zod';
import { AppError } from '../../api/errors';
import type { Template, TemplateInput } from '../../api/contracts/prompts';
import type { Db } from '../../store/db';

interface TemplateRecord {
  id: number;
  name: string;
  version: number;
  q1: string;
  q2: string;
  sampling: string;
  frames: string;
  note: string;
  created_at: number;
}

const toTemplate = (r: TemplateRecord): Template => ({
  id: r.id,
  name: r.name,
  version: r.version,
  q1: r.q1,
  q2: r.q2,
  sampling: JSON.parse(r.sampling),
  frames: JSON.parse(r.frames),
  note: r.note,
  createdAt: r.created_at,
});

export function listTemplates(db: Db): Template[] {
  return (db.prepare('SELECT * FROM prompt_templates ORDER BY created_at DESC, id DESC').all() as TemplateRecord[]).map(toTemplate);
}

export function getTemplate(db: Db, id: number): Template {
  const r = db.prepare('SELECT * FROM prompt_templates WHERE id = ?').get(id) as TemplateRecord | undefined;
  if (!r) throw new AppError('not_found', `No prompt template version ${id}.`, { fix: 'Pick a version from the template list.' });
  return toTemplate(r);
}

/** Appends version n+1 of the template's name; earlier versions stay as they were (answers refer to them). */
export function saveTemplate(db: Db, t: z.output<typeof TemplateInput>): Template {
  const id = db.transaction(() => {
    const { v } = db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM prompt_templates WHERE name = ?').get(t.name) as { v: number };
    return db
      .prepare('INSERT INTO prompt_templates (name, version, q1, q2, sampling, frames, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(t.name, v + 1, t.q1, t.q2, JSON.stringify(t.sampling), JSON.stringify(t.frames), t.note, Date.now()).lastInsertRowid as number;
  })();
  return getTemplate(db, id);
}
