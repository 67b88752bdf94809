/**
 * Where AVSBench-object (v1) keeps a video's files, relative to the Single-source / Multi-sources folder, as the
 * official loaders read them:
 *   S4:  s4_meta_data.csv; s4_data/visual_frames/<split>/<category>/<name>/<name>_<k>.png (k = 1..5),
 *        s4_data/gt_masks/<split>/<category>/<name>/<name>_<k>.png (train: k = 1 only), s4_data/audio_wav/<split>/<category>/<name>.wav
 *   MS3: ms3_meta_data.csv; ms3_data/visual_frames/<name>/<name>.mp4_<k>.png (no split level),
 *        ms3_data/gt_masks/<split>/<name>/<name>_<k>.png, ms3_data/audio_wav/<split>/<name>.wav
 * In the catalog a video's `subset` is its folder below the split root (`<split>/<category>` for S4, `<split>` for
 * MS3) and its `uid` is the name; frame t of the catalog is file k = t + 1.
 */
export type ObjectFormat = 's4' | 'ms3';

export const OBJECT_META: Record<ObjectFormat, { csv: string; data: string }> = {
  s4: { csv: 's4_meta_data.csv', data: 's4_data' },
  ms3: { csv: 'ms3_meta_data.csv', data: 'ms3_data' },
};

export interface ObjectVideoPaths {
  frameDir: string;
  framePrefix: string;
  maskDir: string;
  maskPrefix: string;
  audio: string;
  frame(t: number): string;
  mask(t: number): string;
}

export function objectSubset(format: ObjectFormat, split: string, category: string): string {
  return format === 's4' ? `${split}/${category}` : split;
}

export function objectVideoPaths(format: ObjectFormat, subset: string, name: string): ObjectVideoPaths {
  const data = OBJECT_META[format].data;
  const frameDir = format === 's4' ? `${data}/visual_frames/${subset}/${name}` : `${data}/visual_frames/${name}`;
  const framePrefix = format === 's4' ? `${name}_` : `${name}.mp4_`;
  const maskDir = `${data}/gt_masks/${subset}/${name}`;
  const maskPrefix = `${name}_`;
  return {
    frameDir,
    framePrefix,
    maskDir,
    maskPrefix,
    audio: `${data}/audio_wav/${subset}/${name}.wav`,
    frame: (t) => `${frameDir}/${framePrefix}${t + 1}.png`,
    mask: (t) => `${maskDir}/${maskPrefix}${t + 1}.png`,
  };
}
