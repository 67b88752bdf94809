import fc from 'fast-check';

/**
 * Wall-clock budget of one fuzz property (SSP_FUZZ_MS overrides it). A property stops at numRuns or at this limit,
 * whichever comes first, so CI time stays bounded on a slow machine; the cases that ran are printed.
 */
export const FUZZ_TIME_LIMIT_MS = Number(process.env.SSP_FUZZ_MS ?? 8000);

/** Checks `property` like fc.assert within the budget; returns (and prints) how many cases ran. */
export async function fuzz<T>(name: string, property: fc.IProperty<T> | fc.IAsyncProperty<T>, numRuns: number): Promise<number> {
  const r = await fc.check(property as fc.IRawProperty<T>, { numRuns, interruptAfterTimeLimit: FUZZ_TIME_LIMIT_MS, markInterruptAsFailure: false });
  if (r.failed) throw new Error(`${await fc.asyncDefaultReportMessage(r)}\n${String(r.errorInstance)}`, { cause: r.errorInstance });
  if (r.numRuns === 0) throw new Error(`${name}: no case ran within ${FUZZ_TIME_LIMIT_MS} ms`);
  console.log(`[fuzz] ${name}: ${r.numRuns} cases${r.interrupted ? ` (stopped at the ${FUZZ_TIME_LIMIT_MS} ms limit)` : ''}`);
  return r.numRuns;
}
