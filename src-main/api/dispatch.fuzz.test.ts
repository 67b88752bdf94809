import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { contract, type Handlers, type MethodName } from './contract';
import { createDispatch } from './dispatch';
import { AppError } from './errors';
import { fuzz } from '../core/test-fuzz-budget';

/** Handlers that record what reaches them: the property is about the validation layer, not the services. */
function recordingHandlers(seen: { method: string; input: unknown }[]): Handlers {
  return new Proxy({} as Handlers, {
    get: (_t, method: string) => (input: unknown) => {
      seen.push({ method, input });
      throw new AppError('conflict', 'recorded');
    },
  });
}

const methods = Object.keys(contract) as MethodName[];
const hostile = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.record({ __proto__: fc.anything({ maxDepth: 1 }), constructor: fc.anything({ maxDepth: 1 }) }),
  fc.string({ maxLength: 2000 }),
  fc.constantFrom(null, undefined, NaN, Infinity, -0, [], '../../etc/passwd', '\u0000', 'a'.repeat(100_000)),
);

describe('API payload fuzzing', () => {
  it('answers every method and any payload with a response, and only schema-valid inputs reach a handler', async () => {
    const seen: { method: string; input: unknown }[] = [];
    const internal: string[] = [];
    const dispatch = createDispatch(recordingHandlers(seen), (m) => internal.push(m));
    let runs = 0;
    const ran = await fuzz(
      'API payloads',
      fc.asyncProperty(fc.constantFrom(...methods), hostile, async (method, payload) => {
        runs++;
        const before = seen.length;
        const res = await dispatch(method, payload);
        expect(res.ok).toBe(false);
        if (res.ok) return;
        expect(['validation', 'conflict']).toContain(res.error.code);
        expect(typeof res.error.message).toBe('string');
        if (seen.length > before) {
          expect(res.error.code).toBe('conflict');
          expect(contract[method].input.safeParse(seen[seen.length - 1].input).success).toBe(true);
        } else {
          expect(res.error.code).toBe('validation');
        }
      }),
      4000,
    );
    expect(runs).toBeGreaterThanOrEqual(ran);
    expect(internal).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects unknown method names without calling anything', async () => {
    const seen: { method: string; input: unknown }[] = [];
    const dispatch = createDispatch(recordingHandlers(seen));
    await fuzz(
      'unknown method names',
      fc.asyncProperty(fc.string({ maxLength: 60 }).filter((m) => !(m in contract)), async (m) => {
        const res = await dispatch(m, {});
        return !res.ok && res.error.code === 'unknown_method' && seen.length === 0;
      }),
      500,
    );
  });
});
