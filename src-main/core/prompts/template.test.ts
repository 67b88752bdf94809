import { describe, expect, it } from 'vitest';
import { PAPER_Q2, pickFrames, renderQ2 } from './template';

describe('template', () => {
  it('inserts A1 into the paper Q2', () => {
    expect(renderQ2(PAPER_Q2, 'a man plays a guitar')).toBe('According to the video, with a man plays a guitar, give the NOUN word that potentially produce sound.');
    expect(renderQ2('{A1} / {A1}', 'x')).toBe('x / x');
    expect(() => renderQ2('no slot', 'x')).toThrow(/\{A1\}/);
  });
  it('spreads frames evenly', () => {
    expect(pickFrames(10, 3)).toEqual([1, 5, 8]);
    expect(pickFrames(5, 1)).toEqual([2]);
    expect(pickFrames(3, 8)).toEqual([0, 1, 2]);
  });
});
