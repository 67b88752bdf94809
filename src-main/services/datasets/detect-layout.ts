import fs from 'node:fs';
import { AppError } from '../../api/errors';
import type { DatasetFormat } from './dataset-access';

/** Recognises a dataset folder from its top-level entries. */
export function detectLayout(root: string): DatasetFormat {
  let entries: string[];
  try {
    if (!fs.statSync(root).isDirectory()) throw new Error('not a folder');
    entries = fs.readdirSync(root);
  } catch {
    throw new AppError('bad_input', `${root} is not a readable folder.`, { file: root, fix: 'Choose the folder that holds metadata.csv (AVSBench-semantic).' });
  }
  const has = (n: string) => entries.includes(n);
  if (has('metadata.csv') && (has('v1s') || has('v1m') || has('v2') || entries.length <= 3)) return 'avss';
  throw new AppError('bad_input', `${root} does not look like an AVSBench-semantic folder (no metadata.csv next to v1s/, v1m/, v2/).`, {
    file: root,
    fix: 'Open the AVSS root (it holds metadata.csv, label2idx.json and the v1s, v1m, v2 folders), or generate one with `ssp-studio synth --out DIR`.',
  });
}

