import { describe, expect, it } from 'vitest';
import { decodeFlows, encodeFlows } from './flow-file';

describe('flow cache file', () => {
  it('round-trips fields to within 1/64 px and clamps beyond +-1024 px', () => {
    const a = { width: 3, height: 2, data: Float32Array.from([0, 1.5, -2.26, 7.01, 0.015, -0.02, 100.3, -999, 3, 4, 5, 6]) };
    const b = { width: 3, height: 2, data: Float32Array.from([2000, -2000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5]) };
    const [ra, rb] = decodeFlows(encodeFlows([a, b]));
    expect(ra).toMatchObject({ width: 3, height: 2 });
    a.data.forEach((v, i) => expect(Math.abs(ra.data[i] - v)).toBeLessThanOrEqual(1 / 64));
    expect(rb.data[0]).toBeCloseTo(32767 / 32, 6);
    expect(rb.data[1]).toBeCloseTo(-32767 / 32, 6);
    expect(rb.data[11]).toBe(0.5);
  });

  it('rejects files that are not flow caches', async () => {
    const zlib = await import('node:zlib');
    expect(() => decodeFlows(zlib.deflateSync(Buffer.alloc(40)))).toThrow(/not an SSP flow cache/);
  });
});
