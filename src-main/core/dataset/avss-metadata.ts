import { parseCsv } from './csv';

export type AvssSubset = 'v1s' | 'v1m' | 'v2';
export type AvssSplit = 'train' | 'val' | 'test';

export interface AvssMetaRow {
  vid: string;
  uid: string;
  startSec: number;
  /** Sounding objects as written in a_obj (split on commas/underscores is left to the reader: names may contain '_'). */
  aObj: string;
  split: AvssSplit;
  subset: AvssSubset;
}

export interface ItemError {
  /** File the problem is in (relative to the dataset root). */
  file: string;
  message: string;
  fix: string;
}

export const AVSS_COLUMNS = ['vid', 'uid', 's_min', 's_sec', 'a_obj', 'split', 'label'] as const;
const SPLITS = new Set(['train', 'val', 'test']);
const SUBSETS = new Set(['v1s', 'v1m', 'v2']);
// uids become folder names: refuse anything that could leave the subset folder.
const SAFE_UID = /^[^/\\\0]+$/;

/**
 * Parses AVSBench-semantic metadata.csv. A header problem is fatal (returned as `fatal`); a bad row is reported
 * with its line and skipped, so one broken line never hides the rest of the dataset.
 */
export function parseAvssMetadata(text: string, file = 'metadata.csv'): { rows: AvssMetaRow[]; errors: ItemError[]; fatal?: ItemError } {
  const records = parseCsv(text);
  if (records.length === 0) return { rows: [], errors: [], fatal: { file, message: `${file} is empty.`, fix: `Restore ${file} from the AVSBench download (header: ${AVSS_COLUMNS.join(',')}).` } };
  const header = records[0].cells.map((h) => h.trim().toLowerCase());
  const col = Object.fromEntries(AVSS_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof AVSS_COLUMNS)[number], number>;
  const missing = AVSS_COLUMNS.filter((c) => c !== 's_min' && col[c] < 0);
  if (missing.length) {
    return {
      rows: [],
      errors: [],
      fatal: { file, message: `${file} lacks the column(s) ${missing.join(', ')} (found: ${header.join(', ') || 'nothing'}).`, fix: `The header must be: ${AVSS_COLUMNS.join(',')}.` },
    };
  }
  const rows: AvssMetaRow[] = [];
  const errors: ItemError[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of records.slice(1)) {
    const get = (c: (typeof AVSS_COLUMNS)[number]) => (col[c] >= 0 ? (cells[col[c]] ?? '').trim() : '');
    const bad = (message: string, fix: string) => errors.push({ file: `${file}:${line}`, message, fix });
    if (cells.length < header.length) {
      bad(`line ${line} has ${cells.length} cells, the header has ${header.length}.`, 'Fix the line (quote fields that contain commas) or remove it.');
      continue;
    }
    const uid = get('uid');
    const split = get('split');
    const subset = get('label');
    if (!uid || !SAFE_UID.test(uid) || uid === '.' || uid === '..') {
      bad(`line ${line}: uid "${uid}" is empty or not a valid folder name.`, 'Give the row the uid of its video folder.');
      continue;
    }
    if (!SPLITS.has(split)) {
      bad(`line ${line}: split "${split}" is not train, val or test.`, 'Use one of train, val, test.');
      continue;
    }
    if (!SUBSETS.has(subset)) {
      bad(`line ${line}: label "${subset}" is not v1s, v1m or v2.`, 'The label column names the subset folder: v1s, v1m or v2.');
      continue;
    }
    if (seen.has(uid)) {
      bad(`line ${line}: uid "${uid}" already appears on line ${seen.get(uid)}.`, 'Remove the duplicate row; each video folder is listed once.');
      continue;
    }
    seen.set(uid, line);
    const startSec = Number(get('s_sec'));
    rows.push({ vid: get('vid'), uid, startSec: Number.isFinite(startSec) ? startSec : 0, aObj: get('a_obj'), split: split as AvssSplit, subset: subset as AvssSubset });
  }
  return { rows, errors };
}
