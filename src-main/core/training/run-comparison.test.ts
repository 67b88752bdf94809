import { describe, expect, it } from 'vitest';
import { comparisonRows, formatValue, runFinals, type EvalPoint } from './run-comparison';

const ev = (step: number, control: string, mIoU: number | null, fscore: number | null): EvalPoint => ({ step, control, metrics: { mIoU, fscore } });

describe('run comparison', () => {
  it("takes the last non-null loss, the last and best clean-audio eval, ignoring the control evals", () => {
    const loss: [number, number | null][] = [[10, 1.25], [20, 0.8125], [30, null]];
    // Out of step order on purpose, with a muted-audio eval that scores higher and comes last.
    const evals = [ev(200, 'none', 0.41, 0.52), ev(100, 'none', 0.45, 0.5), ev(150, 'none', null, 0.49), ev(250, 'muted', 0.6, 0.7)];
    expect(runFinals(loss, evals)).toEqual({ loss: 0.8125, miou: 0.41, fscore: 0.52, best: 0.45 });
    expect(runFinals([], [ev(5, 'muted', 0.3, 0.3)])).toEqual({ loss: null, miou: null, fscore: null, best: null });
  });

  it('rows hold both runs and b − a, null where a side is missing', () => {
    const a = runFinals([[100, 0.9]], [ev(100, 'none', 0.3, 0.4)]);
    const b = runFinals([[100, 0.6]], [ev(100, 'none', 0.35, 0.38), ev(200, 'none', 0.33, null)]);
    const rows = comparisonRows(a, b);
    expect(rows.map((r) => [r.name, r.a, r.b, r.digits])).toEqual([
      ['final total loss', 0.9, 0.6, 3],
      ['last val mIoU', 0.3, 0.33, 4],
      ['last val F-score', 0.4, null, 4],
      ['best val mIoU', 0.3, 0.35, 4],
    ]);
    expect(rows.map((r) => (r.delta === null ? null : Number(r.delta.toFixed(10))))).toEqual([-0.3, 0.03, null, 0.05]);
    expect(rows.map((r) => formatValue(r.delta, r.digits, true))).toEqual(['-0.300', '+0.0300', '—', '+0.0500']);
  });

  it("formats values, signing after rounding so a tiny negative delta reads +0.000", () => {
    expect([formatValue(null, 3), formatValue(0.12345, 4), formatValue(-0.00004, 3, true), formatValue(-0.0006, 3, true), formatValue(0, 2, true)]).toEqual(['—', '0.1235', '+0.000', '-0.001', '+0.00']);
  });
});
