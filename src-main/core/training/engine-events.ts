import { z } from 'zod';

// The engine's stdout protocol v1 (docs/engine.md): one JSON object per line. Fields may be added within v1,
// so objects are parsed loosely (unknown keys kept out of the way, not refused).
const num = z.number().nullable();
const base = { v: z.literal(1), time: z.number() };

export const EngineEvent = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('log'), level: z.string(), message: z.string(), data: z.record(z.string(), z.unknown()).optional() }),
  z.object({
    ...base,
    type: z.literal('step'),
    step: z.number(),
    total_steps: z.number(),
    epoch: z.number(),
    epochs: z.number(),
    lr: num,
    losses: z.record(z.string(), num),
    samples_per_s: num,
    step_time_s: num,
  }),
  z.object({ ...base, type: z.literal('epoch'), epoch: z.number(), step: z.number(), mean_loss: num }),
  z.object({
    ...base,
    type: z.literal('eval'),
    split: z.string(),
    control: z.string(),
    epoch: z.number().nullable().optional(),
    step: z.number().nullable().optional(),
    metrics: z.record(z.string(), num),
    drop: z.record(z.string(), num).optional(),
  }),
  // `name` came later in v1: absent means `last`.
  z.object({ ...base, type: z.literal('checkpoint'), path: z.string(), step: z.number(), epoch: z.number(), name: z.enum(['last', 'best']).default('last') }),
  z.object({ ...base, type: z.literal('done'), command: z.string(), reason: z.string().optional(), out_dir: z.string().optional(), path: z.string().optional(), manifest: z.string().optional(), max_abs_diff: num.optional() }),
  z.object({ ...base, type: z.literal('error'), message: z.string() }),
]);
export type EngineEvent = z.infer<typeof EngineEvent>;

/** Parses one stdout line; a line that is not protocol v1 comes back as the reason, never as an exception. */
export function parseEngineLine(line: string): { event: EngineEvent } | { problem: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { problem: `not JSON: ${line.slice(0, 120)}` };
  }
  const r = EngineEvent.safeParse(raw);
  if (!r.success) return { problem: `not a protocol v1 event (${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message}): ${line.slice(0, 120)}` };
  return { event: r.data };
}
