/** Client-side sort of table rows by a key; nulls last whatever the order. */
export function sortRows<T>(rows: readonly T[], value: (r: T) => number | string | null, order: 'asc' | 'desc'): T[] {
  const sign = order === 'asc' ? 1 : -1;
  return [...rows].sort((x, y) => {
    const [a, b] = [value(x), value(y)];
    if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
    return (a < b ? -1 : a > b ? 1 : 0) * sign;
  });
}

export const fmt = (x: number | null, digits = 2) => (x === null ? '—' : x.toFixed(digits));
