import { singular, type Lexicon } from './lexicon';
import { FUNCTION_WORDS, words } from './words';

/**
 * Noun extraction for A2 (the Q2 answer, a list of sound-producing nouns such as "piano, microphone, man").
 * Rule, in order:
 *  1. Split the answer into items on , ; / newlines and the words "and" / "or".
 *  2. In each item, singularise every word and match lexicon phrases greedily, longest first
 *     ("the electric guitars" -> guitar); every match yields its canonical class.
 *  3. An item without any lexicon match yields its head noun: its last word that is not a function word,
 *     singularised ("a microphone" -> microphone). Such nouns name no known class and count against precision.
 * The result is the distinct nouns in order of first mention.
 */
export function extractNouns(answer: string, lexicon: Lexicon): string[] {
  const out: string[] = [];
  const push = (n: string) => {
    if (!out.includes(n)) out.push(n);
  };
  for (const item of answer.split(/[,;/\n]|\band\b|\bor\b/i)) {
    const toks = words(item).map(singular);
    const found = matchPhrases(toks, lexicon);
    if (found.length) found.forEach(push);
    else {
      const head = [...toks].reverse().find((w) => !FUNCTION_WORDS.has(w) && !/^\d+$/.test(w));
      if (head) push(head);
    }
  }
  return out;
}

/** Lexicon phrases in a token list, by greedy longest-phrase matching: [start, end) token spans with their class. */
export function phraseSpans(tokens: readonly string[], lexicon: Lexicon): { start: number; end: number; cls: string }[] {
  const spans: { start: number; end: number; cls: string }[] = [];
  for (let i = 0; i < tokens.length; ) {
    let step = 1;
    for (let n = Math.min(lexicon.maxWords, tokens.length - i); n >= 1; n--) {
      const cls = lexicon.phrases.get(tokens.slice(i, i + n).join(' '));
      if (cls) {
        spans.push({ start: i, end: i + n, cls });
        step = n;
        break;
      }
    }
    i += step;
  }
  return spans;
}

/** Canonical classes named in a token list. */
export const matchPhrases = (tokens: readonly string[], lexicon: Lexicon): string[] => phraseSpans(tokens, lexicon).map((s) => s.cls);

/**
 * A GT class name in the lexicon's canonical spelling: the whole name when the lexicon knows it ("Emergency car" ->
 * emergency-car), else the first lexicon phrase inside it (S4 categories: "playing_piano" -> piano, "dog_barking" ->
 * dog), else the name lower-cased with dashes.
 */
export function canonicalClass(name: string, lexicon: Lexicon): string {
  const toks = words(name.replace(/[-_]+/g, ' ')).map(singular);
  return lexicon.phrases.get(toks.join(' ')) ?? matchPhrases(toks, lexicon)[0] ?? toks.join('-');
}
