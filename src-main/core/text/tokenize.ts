/**
 * The engine's tokenisation of the prompt answers A1/A2 (engine/ssp_engine/data/tokenizer.py), so that the app
 * feeds an exported text model exactly the ids the engine trained with: [CLS] tokens… [SEP], truncated to
 * maxLen − 2 tokens, padded to maxLen; mask 1 on the real tokens.
 */

/** WordTokenizer: lower-cased [a-z0-9]+ words looked up in a vocabulary whose specials are [PAD] [UNK] [CLS] [SEP]. */
export interface WordSpec {
  kind: 'word';
  /** Every token in id order (the manifest's `tokenizer.vocab`). */
  vocab: string[];
}

/** A BERT WordPiece tokenizer (transformers/tokenizers: BertNormalizer + BertPreTokenizer + WordPiece). */
export interface WordPieceSpec {
  kind: 'wordpiece';
  /** The lines of vocab.txt, in id order. */
  vocab: string[];
  lowercase: boolean;
  /** null = follow `lowercase` (as BertNormalizer does). */
  stripAccents: boolean | null;
  cleanText: boolean;
  chineseChars: boolean;
  maxCharsPerWord: number;
  cls: number;
  sep: number;
  pad: number;
  unk: number;
}

export type TokenizerSpec = WordSpec | WordPieceSpec;
export interface Encoded {
  ids: number[];
  mask: number[];
}

/** A reusable encoder for one tokenizer (the vocabulary lookup is built once). */
export function createTokenizer(spec: TokenizerSpec): (text: string, maxLen: number) => Encoded {
  const index = new Map(spec.vocab.map((w, i) => [w, i]));
  if (spec.kind === 'word') {
    const special = (w: string) => {
      const i = index.get(w);
      if (i === undefined) throw new Error(`word vocabulary has no ${w}`);
      return i;
    };
    const [unk, cls, sep] = ['[UNK]', '[CLS]', '[SEP]'].map(special);
    // The engine pads with a literal 0 ([PAD] is id 0 in its vocabulary).
    return (text, maxLen) => frame(splitWords(text).map((w) => index.get(w) ?? unk), maxLen, cls, sep, 0);
  }
  return (text, maxLen) => frame(preTokenize(normalize(text, spec)).flatMap((w) => wordPiece(w, index, spec)), maxLen, spec.cls, spec.sep, spec.pad);
}

function frame(tokens: number[], maxLen: number, cls: number, sep: number, pad: number): Encoded {
  const ids = [cls, ...tokens.slice(0, Math.max(0, maxLen - 2)), sep];
  const real = ids.length;
  return { ids: [...ids, ...Array<number>(maxLen - real).fill(pad)], mask: [...Array<number>(real).fill(1), ...Array<number>(maxLen - real).fill(0)] };
}

/** split_words: re.findall(r"[a-z0-9]+", text.lower()). */
export function splitWords(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

const CONTROL = /\p{C}/u;
const WHITESPACE = /\p{White_Space}/u;
const isControl = (c: string) => c !== '\t' && c !== '\n' && c !== '\r' && CONTROL.test(c);
const isWhitespace = (c: string) => c === '\t' || c === '\n' || c === '\r' || WHITESPACE.test(c);
const isPunctuation = (c: string) => /^[!-/:-@[-`{-~]$/.test(c) || /^\p{P}$/u.test(c);

/** The CJK Unified Ideograph blocks BertNormalizer pads with spaces. */
function isChinese(cp: number): boolean {
  return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x20000 && cp <= 0x2a6df) || (cp >= 0x2a700 && cp <= 0x2b73f) || (cp >= 0x2b740 && cp <= 0x2b81f) || (cp >= 0x2b920 && cp <= 0x2ceaf) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x2f800 && cp <= 0x2fa1f);
}

/** BertNormalizer: clean text, pad CJK, strip accents (NFD minus Mn), lower-case, in that order. */
function normalize(text: string, s: WordPieceSpec): string {
  let chars = Array.from(text);
  if (s.cleanText) chars = chars.filter((c) => c !== '\0' && c !== '\ufffd' && !isControl(c)).map((c) => (isWhitespace(c) ? ' ' : c));
  if (s.chineseChars) chars = chars.map((c) => (isChinese(c.codePointAt(0)!) ? ` ${c} ` : c));
  let out = chars.join('');
  if (s.stripAccents ?? s.lowercase) out = out.normalize('NFD').replace(/\p{Mn}/gu, '');
  return s.lowercase ? out.toLowerCase() : out;
}

/** BertPreTokenizer: split on whitespace, then every punctuation character is a word of its own. */
function preTokenize(text: string): string[] {
  const words: string[] = [];
  let cur = '';
  for (const c of text) {
    if (isWhitespace(c) || isPunctuation(c)) {
      if (cur) words.push(cur);
      cur = '';
      if (!isWhitespace(c)) words.push(c);
    } else cur += c;
  }
  if (cur) words.push(cur);
  return words;
}

/** Greedy longest-match-first sub-words ("##" continues a word); a word with an unmatchable part is one [UNK]. */
function wordPiece(word: string, index: Map<string, number>, s: WordPieceSpec): number[] {
  const chars = Array.from(word);
  if (chars.length > s.maxCharsPerWord) return [s.unk];
  const out: number[] = [];
  for (let start = 0; start < chars.length; ) {
    let end = chars.length;
    let found: number | undefined;
    for (; end > start; end--) {
      found = index.get((start > 0 ? '##' : '') + chars.slice(start, end).join(''));
      if (found !== undefined) break;
    }
    if (found === undefined) return [s.unk];
    out.push(found);
    start = end;
  }
  return out;
}
