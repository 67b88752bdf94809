/**
 * Run-length encoding of a label mask as "value:count,value:count,…" — masks are mostly long runs, so an edited
 * 224×224 frame travels and is stored in a few hundred bytes.
 */
export function encodeRle(data: Uint8Array): string {
  const out: string[] = [];
  let i = 0;
  while (i < data.length) {
    const v = data[i];
    let j = i + 1;
    while (j < data.length && data[j] === v) j++;
    out.push(`${v}:${j - i}`);
    i = j;
  }
  return out.join(',');
}

/** Decodes; throws when the runs are malformed or do not add up to `length` pixels. */
export function decodeRle(rle: string, length: number): Uint8Array {
  const data = new Uint8Array(length);
  let i = 0;
  if (rle !== '') {
    for (const run of rle.split(',')) {
      const m = /^(\d{1,3}):(\d+)$/.exec(run);
      if (!m || Number(m[1]) > 255) throw new Error(`bad run "${run.slice(0, 20)}"`);
      const n = Number(m[2]);
      if (i + n > length) throw new Error(`runs cover more than ${length} pixels`);
      data.fill(Number(m[1]), i, i + n);
      i += n;
    }
  }
  if (i !== length) throw new Error(`runs cover ${i} of ${length} pixels`);
  return data;
}
