import type { ItemError } from '../../core/dataset/avss-metadata';
import type { Rgb } from '../../core/dataset/palette';
import { indexAvss } from './avss-reader';
import type { DatasetFormat } from './dataset-access';
import type { IndexedVideo } from './indexed-video';
import { indexObjectDataset } from './object-reader';
import { indexVideoFolder } from './video-folder-reader';

/** What reading a dataset folder gives the catalog, whatever its format. */
export interface DatasetIndex {
  /** Class names by index (semantic datasets); empty for binary ones. */
  classes: string[];
  /** The dataset's own colours per class index (palette.json), when it ships valid ones. */
  palette?: Rgb[];
  videos: IndexedVideo[];
  /** Dataset-level problems (metadata lines, class table). */
  errors: ItemError[];
  /** A problem that stops the whole dataset from loading. */
  fatal?: ItemError;
}

export interface IndexOptions {
  /** Resolves ffmpeg (plain video folders only); throws the locator's message when there is none. */
  ffmpeg: () => string;
  /** Reused for unchanged items, keyed "<subset>/<uid>". */
  previous: Map<string, IndexedVideo>;
  onVideo?: (done: number, total: number) => void;
}

/** Reads a dataset folder with the reader for its format. */
export async function indexDataset(root: string, format: DatasetFormat, opts: IndexOptions): Promise<DatasetIndex> {
  switch (format) {
    case 'avss':
      return indexAvss(root, opts.previous, opts.onVideo);
    case 's4':
    case 'ms3':
      return indexObjectDataset(root, format, opts.previous, opts.onVideo);
    case 'video-folder':
      return indexVideoFolder(root, opts.ffmpeg(), opts.previous, opts.onVideo);
  }
}
