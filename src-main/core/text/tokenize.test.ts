import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runPython, venvPython } from '../../services/inference/engine-fixture';
import { createTokenizer, type WordPieceSpec } from './tokenize';

// Answers that exercise case, digits, punctuation, accents, CJK, control and odd whitespace, unknown words,
// sub-words, an over-long word, an empty answer and truncation.
const TEXTS = [
  'A man plays a guitar on a stage.',
  'guitar, man',
  'Two DOGS barking at 3 cars!!',
  'Café naïve résumé — “quoted” (parens) [brackets] {braces}',
  '钢琴 piano 和 猫',
  'tab\there\nnew\u000bline\u00a0nbsp\u200bzero\u0000nul\ufffdrep',
  'unbelievably unplayable players playing',
  'x'.repeat(120) + ' guitar',
  '',
  'one two three four five six seven eight nine ten eleven twelve thirteen',
];
const MAX_LEN = 12;

describe.skipIf(!venvPython)("the app's tokenisation equals the engine's", () => {
  it('WordTokenizer: ids and masks equal ssp_engine.data.tokenizer.WordTokenizer', () => {
    const vocabWords = ['a', 'man', 'plays', 'guitar', 'on', 'stage', 'dogs', '3', 'piano', 'cafe', 'two'];
    const ref = JSON.parse(runPython(`
import json, sys
from ssp_engine.data.tokenizer import WordTokenizer
from ssp_engine.export import tokenizer_manifest
words, texts, n = json.loads(sys.argv[1]), json.loads(sys.argv[2]), int(sys.argv[3])
tok = WordTokenizer(words)
enc = [[x.tolist() for x in tok.encode(t, n)] for t in texts]
print(json.dumps({"spec": tokenizer_manifest(tok.state(), ".", "unused"), "enc": enc}))
`, [JSON.stringify(vocabWords), JSON.stringify(TEXTS), String(MAX_LEN)])) as { spec: { kind: 'word'; vocab: string[] }; enc: [number[], number[]][] };
    const encode = createTokenizer(ref.spec);
    const ours = TEXTS.map((t) => encode(t, MAX_LEN));
    expect(ours.map((e) => [e.ids, e.mask])).toEqual(ref.enc);
    // Not trivially all-[UNK]: known words map to their own ids.
    expect(ours[1].ids.slice(0, 4)).toEqual([2, ref.spec.vocab.indexOf('guitar'), ref.spec.vocab.indexOf('man'), 3]);
  });

  it.each([
    ['uncased', { lowercase: true, stripAccents: null }],
    ['cased, accents kept', { lowercase: false, stripAccents: false }],
  ])('WordPiece (%s): ids and masks equal transformers BertTokenizer on a small vocab.txt', (_name, opts) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-wordpiece-'));
    try {
      const vocab = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', 'a', 'man', 'play', '##s', '##ing', '##ers', '##er', 'guitar', 'on', 'stage', '.', ',', '!', '(', ')', '[', ']', '{', '}', '—', '“', '”',
        'two', 'dog', 'bark', '3', 'car', 'cafe', 'café', 'naive', 're', '##sume', 'quoted', 'parens', 'brackets', 'brace', '钢', '琴', 'piano', '和', '猫', 'tab', 'here', 'new', 'line', 'nbsp', 'zero', 'nul', 'rep',
        'un', '##bel', '##ie', '##va', '##bly', '##play', '##able', 'Two', 'DOG', '##S', 'Café', 'one', 'three', 'four', 'x', '##x'];
      const vocabFile = path.join(dir, 'vocab.txt');
      fs.writeFileSync(vocabFile, vocab.map((w) => `${w}\n`).join(''));
      const ref = JSON.parse(runPython(`
import json, sys
from transformers import BertTokenizer
vocab_file, texts, n, lower, strip = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "1", json.loads(sys.argv[5])
tok = BertTokenizer(vocab=vocab_file, do_lower_case=lower, strip_accents=strip)
out = tok(texts, max_length=n, truncation=True, padding="max_length")
print(json.dumps([[i, m] for i, m in zip(out["input_ids"], out["attention_mask"])]))
`, [vocabFile, JSON.stringify(TEXTS), String(MAX_LEN), opts.lowercase ? '1' : '0', JSON.stringify(opts.stripAccents)])) as [number[], number[]][];
      const spec: WordPieceSpec = { kind: 'wordpiece', vocab, ...opts, cleanText: true, chineseChars: true, maxCharsPerWord: 100, cls: 2, sep: 3, pad: 0, unk: 1 };
      const encode = createTokenizer(spec);
      const ours = TEXTS.map((t) => encode(t, MAX_LEN));
      for (const [i, t] of TEXTS.entries()) expect([ours[i].ids, ours[i].mask], JSON.stringify(t)).toEqual(ref[i]);
      // Sub-words were really used (a whole-word-only tokenizer would give [UNK] here).
      expect(ours[6].ids.filter((id) => id !== 1 && id > 4).length).toBeGreaterThan(4);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
