import { afterEach, describe, expect, it } from 'vitest';
import { TimingLog } from './timing-log';

describe('TimingLog', () => {
  afterEach(() => performance.clearMeasures('t'));

  it('keeps the last `cap` entries in the same array and bounds the measures on the timeline', () => {
    const log = new TimingLog<number>(200);
    const entries = log.entries;
    for (let i = 0; i < 450; i++) log.record(i, [['t', i, i + 2]]);
    expect(log.entries).toBe(entries);
    expect(entries.length).toBe(200);
    expect(entries[0]).toBe(250);
    expect(entries.at(-1)).toBe(449);
    const measures = performance.getEntriesByName('t', 'measure');
    expect(measures.length).toBe(50);
    expect(measures.at(-1)!.duration).toBe(2);
  });
});
