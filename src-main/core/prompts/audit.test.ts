import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditAnswer, disagreement, summarizeAudits } from './audit';
import { buildLexicon } from './lexicon';

const lex = buildLexicon();

describe('auditAnswer', () => {
  it('scores A2 against the GT classes', () => {
    const r = auditAnswer('A man plays a piano on a stage.', 'piano, microphone, man', ['piano', 'guitar'], lex);
    expect(r).toEqual({ nouns: ['piano', 'microphone', 'man'], gt: ['piano', 'guitar'], precision: 1 / 3, recall: 1 / 2, uselessWords: 1, a1Words: 8, a2Words: 3 });
  });
  it('leaves precision undefined without nouns and recall undefined without GT', () => {
    expect(auditAnswer('', '', ['dog'], lex)).toMatchObject({ precision: null, recall: 0 });
    expect(auditAnswer('', 'dog', ['background'], lex)).toMatchObject({ precision: 0, recall: null });
  });
  it('matches a direct set computation on random class lists', () => {
    const names = ['dog', 'guitar', 'piano', 'car', 'bird', 'baby', 'violin'];
    fc.assert(
      fc.property(fc.subarray(names), fc.subarray(names), (said, gt) => {
        const r = auditAnswer('', said.join(', '), gt, lex);
        const hits = said.filter((s) => gt.includes(s)).length;
        expect(r.precision).toBe(said.length ? hits / said.length : null);
        expect(r.recall).toBe(gt.length ? hits / gt.length : null);
      }),
    );
  });
});

describe('summaries and disagreement', () => {
  it('averages only defined values', () => {
    const rows = [auditAnswer('a dog barks', 'dog', ['dog'], lex), auditAnswer('', '', ['car'], lex), auditAnswer('big red car', 'car, tree', [], lex)];
    expect(summarizeAudits(rows)).toEqual({ videos: 3, precision: (1 + 0) / 2, recall: (1 + 0) / 2, uselessWords: (0 + 0 + 2) / 3, a1Words: (3 + 0 + 3) / 3, a2Words: (1 + 0 + 2) / 3 });
  });
  it('is 1 - Jaccard', () => {
    expect(disagreement(['dog', 'car'], ['car', 'piano'])).toBeCloseTo(1 - 1 / 3);
    expect(disagreement([], [])).toBe(0);
    expect(disagreement(['dog'], [])).toBe(1);
  });
});
