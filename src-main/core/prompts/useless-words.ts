import { singular, type Lexicon } from './lexicon';
import { phraseSpans } from './nouns';
import { FUNCTION_WORDS, words } from './words';

/**
 * Verbs (base forms) of sound-producing actions: an A1 word whose stem is one of these describes how a source sounds.
 * Inflections are matched by stripping -s/-es/-ing/-ed (plays, playing, played -> play).
 */
export const SOUND_VERBS: ReadonlySet<string> = new Set(
  `play strum pluck bow beat hit strike drum tap knock ring chime tick sing speak talk say shout yell scream cry laugh
  whisper call bark growl howl meow purr moo neigh bray roar chirp tweet squawk quack honk cluck crow hiss buzz
  drive ride fly run move start rev accelerate brake honk blow whistle hum clap stomp cut saw chop fire shoot explode
  fry sizzle vacuum mow clip dry spin pound bang crash splash pour engine make produce emit sound`
    .split(/\s+/)
    .filter(Boolean),
);

const stems = (w: string) => [w, w.replace(/(ing|ed|es|s)$/, ''), w.replace(/(ing|ed)$/, 'e'), w.replace(/(\w)\1(ing|ed)$/, '$1')];

export interface UselessWords {
  /** Content words of A1 that name neither a sound-source object (lexicon) nor a sound-producing action. */
  useless: string[];
  useful: number;
  total: number;
}

/**
 * The paper counts "useless words" in A1: words naming no object or action relevant to sound sources. Rule here:
 * every word of A1 is exactly one of
 *  - function word (articles, prepositions, pronouns, auxiliaries, quantities, positions): neutral, not counted;
 *  - useful: part of a lexicon phrase (an AVSS class or synonym, plurals included), or a sound-producing verb;
 *  - useless: any other word (adjectives, scenery, non-sounding objects, filler such as "video", "appears").
 */
export function uselessWords(a1: string, lexicon: Lexicon): UselessWords {
  const toks = words(a1);
  const inPhrase = new Array<boolean>(toks.length).fill(false);
  for (const span of phraseSpans(toks.map(singular), lexicon)) inPhrase.fill(true, span.start, span.end);
  const useless: string[] = [];
  let useful = 0;
  toks.forEach((w, i) => {
    if (FUNCTION_WORDS.has(w) || /^\d+$/.test(w)) return;
    if (inPhrase[i] || stems(w).some((s) => SOUND_VERBS.has(s))) useful++;
    else useless.push(w);
  });
  return { useless, useful, total: toks.length };
}
