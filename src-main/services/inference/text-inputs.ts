import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../api/errors';
import { createTokenizer, type TokenizerSpec } from '../../core/text/tokenize';
import type { EngineManifest } from '../models/model-manifest';

/** The model's A1/A2 encoder, [2, L] int64 as the graph's text_ids / text_mask take them. */
export type TextEncoder = (a1: string, a2: string) => { ids: BigInt64Array; mask: BigInt64Array; length: number };

/** Builds the encoder from the manifest's tokenizer (a WordPiece vocab.txt sits beside the .onnx). */
export function textEncoder(m: EngineManifest, onnx: string): TextEncoder {
  const t = m.tokenizer;
  const manifestFile = path.join(path.dirname(onnx), `${m.name}.model.json`);
  if (!t) throw new AppError('bad_input', `${m.name} takes text_ids/text_mask but its manifest has no tokenizer (exported by an older engine).`, { file: manifestFile, fix: 'Export the training run again (Training → Export) with the current engine.' });
  const spec: TokenizerSpec = t.kind === 'word' ? t : { ...t, vocab: readVocab(path.join(path.dirname(onnx), t.vocabFile), manifestFile) };
  const length = m.inputs.find((i) => i.name === 'text_ids')?.shape[1];
  if (typeof length !== 'number') throw new AppError('bad_input', `${manifestFile}: text_ids has no fixed length.`, { file: manifestFile, fix: 'Export the model again.' });
  const encode = createTokenizer(spec);
  return (a1, a2) => {
    const [x, y] = [encode(a1, length), encode(a2, length)];
    return { ids: BigInt64Array.from([...x.ids, ...y.ids], BigInt), mask: BigInt64Array.from([...x.mask, ...y.mask], BigInt), length };
  };
}

function readVocab(file: string, manifestFile: string): string[] {
  if (!fs.existsSync(file)) throw new AppError('not_found', `${file} (the WordPiece vocabulary named by ${manifestFile}) is missing.`, { file, fix: 'Put it back beside the .onnx, or export the model again.' });
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}
