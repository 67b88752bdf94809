import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BYTE_THRESHOLDS_PASSED, F_THRESHOLDS, byteProbability, thresholdsPassed } from './thresholds';

const python = path.resolve(__dirname, '../../../.venv/bin/python');

/** Neighbouring float32 values, where a threshold comparison is most likely to go wrong. */
function f32Neighbours(x: number): number[] {
  const buf = new Float32Array([x]);
  const bits = new Uint32Array(buf.buffer);
  const up = new Float32Array(new Uint32Array([bits[0] + 1]).buffer)[0];
  const down = x > 0 ? new Float32Array(new Uint32Array([bits[0] - 1]).buffer)[0] : -0;
  return [down, x, up];
}

describe('F_THRESHOLDS', () => {
  it('is torch.linspace(0, 1 - 1e-10, 255) bit for bit', () => {
    if (!fs.existsSync(python)) throw new Error(`no Python venv at ${python}: run the setup script`);
    const out = execFileSync(python, ['-c', 'import torch, json; print(json.dumps(torch.linspace(0, 1 - 1e-10, 255).tolist()))'], {
      encoding: 'utf8',
    });
    expect(Array.from(F_THRESHOLDS)).toEqual(JSON.parse(out));
  }, 60_000);

  it('runs 0..1 with 0.5 exactly at index 127', () => {
    expect(F_THRESHOLDS[0]).toBe(0);
    expect(F_THRESHOLDS[254]).toBe(1);
    expect(F_THRESHOLDS[127]).toBe(0.5);
    for (let i = 1; i < 255; i++) expect(F_THRESHOLDS[i]).toBeGreaterThan(F_THRESHOLDS[i - 1]);
  });
});

describe('thresholdsPassed', () => {
  const counted = (p: number) => F_THRESHOLDS.filter((t) => p >= t).length;

  it('counts p >= t over the list, also one ulp around every threshold', () => {
    for (const t of F_THRESHOLDS) for (const p of f32Neighbours(t)) expect(thresholdsPassed(p)).toBe(counted(p));
    expect(thresholdsPassed(Number.NaN)).toBe(0);
    expect(thresholdsPassed(-0.1)).toBe(0);
    expect(thresholdsPassed(7)).toBe(255);
  });

  it('agrees with the plain count on random float32 values', () => {
    fc.assert(fc.property(fc.float({ min: 0, max: 1, noNaN: true }), (p) => thresholdsPassed(p) === counted(p)), { numRuns: 2000 });
  });

  it('tabulates every byte probability', () => {
    for (let v = 0; v < 256; v++) expect(BYTE_THRESHOLDS_PASSED[v]).toBe(counted(byteProbability(v)));
  });
});
