import { describe, expect, it } from 'vitest';
import { flowToGray } from './magnitude';

const field = (pairs: number[][]) => ({ width: pairs.length, height: 1, data: Float32Array.from(pairs.flat()) });

describe('flowToGray', () => {
  it('maps magnitude linearly onto 0..255 with a fixed scale and saturates above it', () => {
    const gray = flowToGray(field([[0, 0], [3, 4], [-6, 8], [30, 40]]), { kind: 'fixed', maxMagnitude: 10 });
    expect(Array.from(gray.data)).toEqual([0, 127.5, 255, 255]);
  });

  it('stretches the largest magnitude of the field to 255 with perFrameMax', () => {
    const gray = flowToGray(field([[1, 0], [0, -2], [0, 4]]), { kind: 'perFrameMax' });
    expect(Array.from(gray.data)).toEqual([63.75, 127.5, 255]);
  });

  it('gives a black image for a motionless field with perFrameMax', () => {
    expect(Array.from(flowToGray(field([[0, 0], [0, 0]]), { kind: 'perFrameMax' }).data)).toEqual([0, 0]);
  });

  it('rejects a field whose data length does not match its size and a non-positive scale', () => {
    expect(() => flowToGray({ width: 2, height: 2, data: new Float32Array(6) })).toThrow(/expected 8/);
    expect(() => flowToGray(field([[1, 1]]), { kind: 'fixed', maxMagnitude: 0 })).toThrow(/maxMagnitude/);
  });
});
