import { describe, expect, it } from 'vitest';
import { buildLexicon, singular } from './lexicon';
import { canonicalClass, extractNouns } from './nouns';
import { uselessWords } from './useless-words';

const lex = buildLexicon();

describe('singular', () => {
  it.each([
    ['guitars', 'guitar'], ['babies', 'baby'], ['geese', 'goose'], ['men', 'man'], ['women', 'woman'], ['buses', 'bus'],
    ['boxes', 'box'], ['bus', 'bus'], ['glass', 'glass'], ['harmonicas', 'harmonica'], ['wolves', 'wolf'], ['dogs', 'dog'],
  ])('%s -> %s', (w, s) => expect(singular(w)).toBe(s));
});

describe('extractNouns', () => {
  it('reads the paper example and keeps unknown head nouns', () => {
    expect(extractNouns('piano, microphone, man', lex)).toEqual(['piano', 'microphone', 'man']);
  });
  it('maps plurals, synonyms and multi-word phrases to canonical classes', () => {
    expect(extractNouns('The electric guitars and two puppies; a lawn mower / an ambulance', lex)).toEqual(['guitar', 'dog', 'mower', 'emergency-car']);
    expect(extractNouns('Hair-dryer, vacuum cleaner', lex)).toEqual(['hair-dryer', 'vacuum-cleaner']);
  });
  it('deduplicates and ignores function words and numbers', () => {
    expect(extractNouns('a dog, the dogs, 2 of them', lex)).toEqual(['dog']);
    expect(extractNouns('', lex)).toEqual([]);
  });
  it('knows a dataset’s own classes', () => {
    expect(extractNouns('a spaceship', buildLexicon(['spaceship']))).toEqual(['spaceship']);
  });
  it('canonicalises GT class names', () => {
    expect(canonicalClass('Emergency car', lex)).toBe('emergency-car');
    expect(canonicalClass('vacuum_cleaner', lex)).toBe('vacuum-cleaner');
    expect(canonicalClass('Unseen thing', lex)).toBe('unseen-thing');
    // AVSBench-object S4 categories name the source inside a longer label.
    expect(['playing_piano', 'dog_barking', 'ambulance_siren', 'male_speech', 'mynah_bird_singing', 'typing_on_computer_keyboard', 'coyote_howling'].map((c) => canonicalClass(c, lex))).toEqual([
      'piano', 'dog', 'emergency-car', 'man', 'bird', 'keyboard', 'coyote-howling',
    ]);
  });
});

describe('uselessWords', () => {
  it('counts content words naming no sound source or sound action', () => {
    // a(fn) man(useful) plays(useful) a(fn) guitar(useful) on(fn) the(fn) wooden(useless) stage(useless)
    expect(uselessWords('A man plays a guitar on the wooden stage.', lex)).toEqual({ useless: ['wooden', 'stage'], useful: 3, total: 9 });
  });
  it('treats inflected sound verbs and multi-word classes as useful', () => {
    const r = uselessWords('Two dogs barking near a lawn mower, beautiful sunny video', lex);
    expect(r.useless).toEqual(['beautiful', 'sunny', 'video']);
    expect(r.useful).toBe(4); // dogs, barking, lawn, mower
  });
});
