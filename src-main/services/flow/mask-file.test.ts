import { describe, expect, it } from 'vitest';
import { decodeFlows } from './flow-file';
import { decodeMasks, encodeMasks } from './mask-file';

describe('mask cache file', () => {
  it('round-trips masks and their per-frame levels exactly', () => {
    const masks = [
      { width: 3, height: 2, data: Uint8Array.from([0, 1, 1, 0, 0, 1]) },
      { width: 3, height: 2, data: Uint8Array.from([1, 1, 1, 1, 1, 0]) },
      { width: 3, height: 2, data: new Uint8Array(6) },
    ];
    const back = decodeMasks(encodeMasks({ levels: [32, 17.5, 200], masks }));
    expect(back.levels).toEqual([32, 17.5, 200]);
    expect(back.masks).toEqual(masks);
  });

  it('is not mistaken for a flow file, nor the reverse', () => {
    const file = encodeMasks({ levels: [1], masks: [{ width: 1, height: 1, data: Uint8Array.from([1]) }] });
    expect(() => decodeFlows(file)).toThrow(/not an SSP flow cache/);
    expect(() => decodeMasks(Buffer.from('garbage'))).toThrow(/not an SSP mask cache/);
  });
});
