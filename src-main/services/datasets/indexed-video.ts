import type { ItemError } from '../../core/dataset/avss-metadata';
import type { Split } from './dataset-access';

/** One video as the index stores it: what the list and the other domains need without touching the files. */
export interface IndexedVideo {
  subset: string;
  uid: string;
  vid: string;
  split: Split;
  startSec: number;
  /** Sounding classes from the metadata (AVSS a_obj). */
  classes: string[];
  frames: number;
  /** Frame indices that have a GT mask. */
  labelFrames: number[];
  width: number | null;
  height: number | null;
  hasAudio: boolean;
  /** Folder fingerprint for incremental re-indexing; null when the folder could not be read. */
  stamp: string | null;
  /** Why this video cannot be used (it stays listed so the user sees it). */
  error: ItemError | null;
  /** Position in the dataset's metadata. */
  ord: number;
}

/** A video known from the metadata whose files have not been read yet. */
export const unreadVideo = (v: Pick<IndexedVideo, 'subset' | 'uid' | 'vid' | 'split' | 'startSec' | 'classes' | 'ord'>): IndexedVideo => ({
  ...v,
  frames: 0,
  labelFrames: [],
  width: null,
  height: null,
  hasAudio: false,
  stamp: null,
  error: null,
});
