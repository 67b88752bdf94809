/**
 * What every other domain (flow, metrics, viewer, prompts, training) needs from an opened dataset.
 * The datasets domain implements it over its SQLite catalog; consumers depend only on this file.
 */

export type DatasetFormat = 'avss' | 's4' | 'ms3' | 'video-folder';
export type Split = 'train' | 'val' | 'test';
/** binary: object = nonzero (S4/MS3); semantic: class-index PNGs (AVSS labels_semantic); none: no GT. */
export type LabelKind = 'binary' | 'semantic' | 'none';

/** How a dataset's GT masks read: AVSS labels_semantic hold class indices; S4/MS3 and plain-video masks are binary. */
export const labelKindOf = (format: DatasetFormat, annotated: boolean): LabelKind => (!annotated ? 'none' : format === 'avss' ? 'semantic' : 'binary');

/** A video inside a dataset: AVSS subset (v1s/v1m/v2); S4 `<split>/<category>`, MS3 `<split>`; plain video folders: the subfolder, or '.' for the top level (uid = file name). */
export interface VideoRef {
  subset: string;
  uid: string;
}

export interface VideoFiles extends VideoRef {
  split: Split;
  /** Absolute paths; index t is frame t (AVSBench: 1 fps). For plain videos, frames extracted into the cache. */
  frames: string[];
  /** GT mask per frame index, null where that frame is not annotated. */
  labels: (string | null)[];
  labelKind: LabelKind;
  /** 16 kHz mono wav when the dataset has one, else the video container (decode with ffmpeg). */
  audio: string | null;
  /** Ground-truth sounding classes (AVSS a_obj / S4 category); empty when unknown. */
  classes: string[];
}

export interface DatasetInfo {
  id: number;
  root: string;
  format: DatasetFormat;
  /** Class names by index (AVSS label2idx; index 0 = background). Empty for binary datasets. */
  classes: string[];
  /** RGB per class index, for semantic overlays. */
  palette: [number, number, number][];
}

export interface DatasetAccess {
  info(datasetId: number): DatasetInfo;
  /** Videos of a split (all splits when omitted), in catalog order. */
  list(datasetId: number, split?: Split): VideoRef[];
  /** Resolves a video's files; throws AppError('not_found' | 'bad_input') naming the file and the fix. */
  files(datasetId: number, video: VideoRef): Promise<VideoFiles>;
}
