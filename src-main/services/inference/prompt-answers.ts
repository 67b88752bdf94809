import fs from 'node:fs';
import { z } from 'zod';
import { AppError } from '../../api/errors';

/** answers.json as the engine reads it (layout.read_prompts): {"<subset>/<uid>": {"a1": str, "a2": str}}; other fields ignored. */
const AnswersFile = z.record(z.string().regex(/\//, "a '<subset>/<uid>' key"), z.object({ a1: z.string(), a2: z.string() }));
export type Answers = Record<string, { a1: string; a2: string }>;

const FIX = "Export the answers from the Prompt lab (Prompt lab → Export answers.json) and choose that file; it is {\"<subset>/<uid>\": {\"a1\": \"...\", \"a2\": \"...\"}}.";

export function readAnswers(file: string): Answers {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new AppError('bad_input', `Prompt answers ${file} cannot be read (${(e as Error).message}).`, { file, fix: FIX });
  }
  const r = AnswersFile.safeParse(raw);
  if (!r.success) throw new AppError('bad_input', `Prompt answers ${file}: entry ${JSON.stringify(r.error.issues[0]?.path[0] ?? '')} ${r.error.issues[0]?.message}.`, { file, fix: FIX });
  return Object.fromEntries(Object.entries(r.data).map(([k, v]) => [k, { a1: v.a1, a2: v.a2 }]));
}

/** The per-video message when a text model meets a video the answers file does not cover. */
export const missingAnswers = (file: string, key: string) => `${file} has no prompt answers for ${key}; run the Prompt lab on this video and export answers.json again (or choose a file that covers it).`;
