import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseFfmpegProbe } from './ffmpeg-probe';
import { parseObjectMetadata } from './object-metadata';

const cell = fc.oneof(fc.constantFrom('train', 'val', 'test', 'dog', '..', '', 'a/b', 'x"y'), fc.string({ maxLength: 8 }));
const quote = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

describe('AVSBench-object metadata (property)', () => {
  it('never throws; accepted rows are usable folder names with a known split, each listed once', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(fc.array(cell, { minLength: 0, maxLength: 5 }), { maxLength: 12 }), (s4, body) => {
        const header = s4 ? 'name,vid,category,split' : 'name,vid,split';
        const text = [header, ...body.map((r) => r.map(quote).join(','))].join('\n');
        const r = parseObjectMetadata(text, 'm.csv', s4);
        expect(r.fatal).toBeUndefined();
        expect(r.rows.length + r.errors.length).toBe(body.filter((x) => !(x.length === 1 && x[0] === '') && x.length > 0).length);
        const keys = r.rows.map((x) => `${x.split}/${x.category}/${x.name}`);
        expect(new Set(keys).size).toBe(keys.length);
        for (const row of r.rows) {
          expect(['train', 'val', 'test']).toContain(row.split);
          for (const part of s4 ? [row.name, row.category] : [row.name]) expect(part === '' || part === '..' || part.includes('/')).toBe(false);
        }
        for (const e of r.errors) expect(e.file).toMatch(/^m\.csv:\d+$/);
      }),
      { numRuns: 300 },
    );
  });

  it('probe parsing never throws on arbitrary text and says what was missing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        const p = parseFfmpegProbe(s);
        if (!p.video) expect(p.problem).not.toBeNull();
      }),
    );
  });
});
