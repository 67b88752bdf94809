import { describe, expect, it } from 'vitest';
import { avssPalette } from '../metrics/avss-palette';
import { parsePalette } from './palette';

describe('palette file', () => {
  it('reads an array of [r, g, b] per class index', () => {
    const p = avssPalette(8);
    expect(parsePalette(JSON.stringify(p))).toEqual({ palette: p });
  });

  it.each([
    ['{', /not a usable palette: .*JSON/],
    ['{}', /not a non-empty JSON array/],
    ['[]', /not a non-empty JSON array/],
    ['[[0,0,0],[1,2]]', /entry 1 is \[1,2\]/],
    ['[[0,0,0],[1,2,256]]', /entry 1/],
    ['[[0,0,0],[1.5,2,3]]', /entry 1/],
    ['[[0,0,0],[9,9,9],[9,9,9]]', /classes 1 and 2 share the colour \[9,9,9\]/],
  ])('%s is refused with the file and a fix', (text, message) => {
    const r = parsePalette(text, 'palette.json');
    expect('error' in r && r.error).toMatchObject({ file: 'palette.json', message: expect.stringMatching(message), fix: expect.stringMatching(/JSON array/) });
  });
});
