import type { ItemError } from './avss-metadata';
import { parseCsv } from './csv';

export type ObjectSplit = 'train' | 'val' | 'test';

/** One row of AVSBench-object's s4_meta_data.csv / ms3_meta_data.csv. */
export interface ObjectMetaRow {
  name: string;
  /** S4 only: the sound category, which is also a folder level (`<split>/<category>/<name>`). */
  category: string;
  split: ObjectSplit;
}

const SPLITS = new Set(['train', 'val', 'test']);
const SAFE_NAME = /^[^/\\\0]+$/;

/**
 * Parses the AVSBench-object metadata. The official loaders read the video name from column 0, the S4 category from
 * column 2 and the split by its header name; headers named `name`/`category` are preferred when present, so a
 * reordered file still reads right. A header without `split` is fatal; a bad row is reported with its line and skipped.
 */
export function parseObjectMetadata(text: string, file: string, needCategory: boolean): { rows: ObjectMetaRow[]; errors: ItemError[]; fatal?: ItemError } {
  const records = parseCsv(text);
  const expected = needCategory ? 'name, category and split (category in the third column)' : 'name (first column) and split';
  if (records.length === 0) return { rows: [], errors: [], fatal: { file, message: `${file} is empty.`, fix: `Restore ${file} from the AVSBench download (columns: ${expected}).` } };
  const header = records[0].cells.map((h) => h.trim().toLowerCase());
  const split = header.indexOf('split');
  const byName = (names: string[], fallback: number) => {
    const i = header.findIndex((h) => names.includes(h));
    return i >= 0 ? i : fallback;
  };
  const name = byName(['name', 'video_name', 'video_id', 'vid'], 0);
  const category = needCategory ? byName(['category', 'class', 'label'], 2) : -1;
  if (split < 0 || (needCategory && category >= header.length)) {
    return {
      rows: [],
      errors: [],
      fatal: { file, message: `${file} has no ${split < 0 ? 'split' : 'category'} column (found: ${header.join(', ') || 'nothing'}).`, fix: `The file must have the columns ${expected}.` },
    };
  }
  const rows: ObjectMetaRow[] = [];
  const errors: ItemError[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of records.slice(1)) {
    const bad = (message: string, fix: string) => errors.push({ file: `${file}:${line}`, message, fix });
    if (cells.length < header.length) {
      bad(`line ${line} has ${cells.length} cells, the header has ${header.length}.`, 'Fix the line (quote fields that contain commas) or remove it.');
      continue;
    }
    const row = { name: cells[name].trim(), category: category >= 0 ? cells[category].trim() : '', split: cells[split].trim() };
    if (!row.name || !SAFE_NAME.test(row.name) || row.name === '.' || row.name === '..') {
      bad(`line ${line}: name "${row.name}" is empty or not a valid file name.`, 'Give the row the name of its video (the folder/file stem).');
      continue;
    }
    if (needCategory && (!row.category || !SAFE_NAME.test(row.category) || row.category === '..')) {
      bad(`line ${line}: category "${row.category}" is empty or not a valid folder name.`, 'Give the row its category (the folder its frames are in).');
      continue;
    }
    if (!SPLITS.has(row.split)) {
      bad(`line ${line}: split "${row.split}" is not train, val or test.`, 'Use one of train, val, test.');
      continue;
    }
    const key = `${row.split}/${row.category}/${row.name}`;
    if (seen.has(key)) {
      bad(`line ${line}: video "${row.name}" already appears on line ${seen.get(key)}.`, 'Remove the duplicate row; each video is listed once.');
      continue;
    }
    seen.set(key, line);
    rows.push(row as ObjectMetaRow);
  }
  return { rows, errors };
}
