import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineDiff } from './line-diff';

/** LCS length by plain recursion with memo, written independently of lineDiff's table. */
function lcsLength(a: string[], b: string[]): number {
  const memo = new Map<string, number>();
  const go = (i: number, j: number): number => {
    if (i === a.length || j === b.length) return 0;
    const k = `${i},${j}`;
    if (!memo.has(k)) memo.set(k, a[i] === b[j] ? 1 + go(i + 1, j + 1) : Math.max(go(i + 1, j), go(i, j + 1)));
    return memo.get(k)!;
  };
  return go(0, 0);
}

describe('lineDiff', () => {
  it('shows a changed line as delete + add', () => {
    expect(lineDiff('Q1 old\nkeep', 'Q1 new\nkeep')).toEqual([
      { op: 'del', text: 'Q1 old' },
      { op: 'add', text: 'Q1 new' },
      { op: 'same', text: 'keep' },
    ]);
  });
  it('rebuilds both sides and keeps a longest common subsequence', () => {
    const text = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 8 }).map((l) => l.join('\n'));
    fc.assert(
      fc.property(text, text, (x, y) => {
        const d = lineDiff(x, y);
        expect(d.filter((l) => l.op !== 'add').map((l) => l.text).join('\n')).toBe(x);
        expect(d.filter((l) => l.op !== 'del').map((l) => l.text).join('\n')).toBe(y);
        expect(d.filter((l) => l.op === 'same').length).toBe(lcsLength(x.split('\n'), y.split('\n')));
      }),
    );
  });
});
