/** Two training runs' final numbers side by side (the Training panel's comparison table). */

export type CurvePoint = [step: number, value: number | null];
export interface EvalPoint {
  step: number;
  control: string;
  metrics: Record<string, number | null | undefined>;
}

export interface RunFinals {
  loss: number | null;
  miou: number | null;
  fscore: number | null;
  best: number | null;
}

export interface ComparisonRow {
  name: string;
  a: number | null;
  b: number | null;
  /** b − a, or null when either side has no value. */
  delta: number | null;
  digits: number;
}

/** The last total loss, the last and best clean-audio (control 'none') eval of one run; null where there is none. */
export function runFinals(loss: CurvePoint[], evals: EvalPoint[]): RunFinals {
  const values = loss.filter((p) => p[1] !== null);
  const clean = evals.filter((e) => e.control === 'none').sort((x, y) => x.step - y.step);
  const lastEval = clean[clean.length - 1];
  const mious = clean.map((e) => e.metrics.mIoU).filter((v): v is number => typeof v === 'number');
  return {
    loss: values.length ? values[values.length - 1][1] : null,
    miou: lastEval?.metrics.mIoU ?? null,
    fscore: lastEval?.metrics.fscore ?? null,
    best: mious.length ? Math.max(...mious) : null,
  };
}

export function comparisonRows(a: RunFinals, b: RunFinals): ComparisonRow[] {
  const row = (name: string, key: keyof RunFinals, digits: number): ComparisonRow => ({
    name,
    a: a[key],
    b: b[key],
    delta: a[key] === null || b[key] === null ? null : b[key] - a[key],
    digits,
  });
  return [row('final total loss', 'loss', 3), row('last val mIoU', 'miou', 4), row('last val F-score', 'fscore', 4), row('best val mIoU', 'best', 4)];
}

/** A value at `digits` decimals, '—' for none; signed adds '+' to non-negatives (sign taken after rounding). */
export function formatValue(v: number | null, digits: number, signed = false): string {
  if (v === null) return '—';
  const r = Number(v.toFixed(digits));
  return (signed && r >= 0 ? '+' : '') + r.toFixed(digits);
}
