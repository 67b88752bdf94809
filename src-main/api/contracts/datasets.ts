import { z } from 'zod';
import { method } from '../define';
import { JobRow } from './jobs';

export const DatasetId = z.number().int().positive();
export const SplitName = z.enum(['train', 'val', 'test']);

export const ItemErrorSchema = z.object({ file: z.string(), message: z.string(), fix: z.string() });

export const DatasetSummary = z.object({
  id: DatasetId,
  root: z.string(),
  format: z.enum(['avss', 's4', 'ms3', 'video-folder']),
  indexedAt: z.number().nullable(),
  indexMs: z.number().nullable(),
  fatal: ItemErrorSchema.nullable(),
});

export const DatasetCounts = z.object({
  total: z.number(),
  annotated: z.number(),
  errors: z.number(),
  /** Every problem: videos with one plus metadata-level ones. */
  problems: z.number(),
  splits: z.record(z.string(), z.number()),
  classes: z.record(z.string(), z.number()),
});

export const VideoRow = z.object({
  subset: z.string(),
  uid: z.string(),
  vid: z.string(),
  split: SplitName,
  classes: z.array(z.string()),
  frames: z.number(),
  labelFrames: z.array(z.number()),
  width: z.number().nullable(),
  height: z.number().nullable(),
  hasAudio: z.boolean(),
  error: ItemErrorSchema.nullable(),
});
export type VideoRow = z.infer<typeof VideoRow>;

const VideoKey = z.object({ datasetId: DatasetId, subset: z.string().min(1).max(255), uid: z.string().min(1).max(1024) });

export const datasetsContract = {
  'datasets.open': method(
    z.object({ root: z.string().min(1).max(4096) }),
    z.object({ datasetId: DatasetId, job: JobRow }),
    'Open a dataset folder: detects its layout and starts (incremental) indexing as a job.',
  ),
  'datasets.list': method(z.object({}), z.array(DatasetSummary), 'Datasets opened before, newest first.'),
  'datasets.info': method(
    z.object({ datasetId: DatasetId }),
    DatasetSummary.extend({ classes: z.array(z.string()), palette: z.array(z.tuple([z.number(), z.number(), z.number()])), counts: DatasetCounts }),
    'A dataset with its classes, palette and counts per split/class.',
  ),
  'datasets.videos': method(
    z.object({
      datasetId: DatasetId,
      split: SplitName.optional(),
      cls: z.string().max(200).optional(),
      annotated: z.boolean().optional(),
      withErrors: z.boolean().optional(),
      search: z.string().max(200).optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(5000).default(200),
    }),
    z.object({ rows: z.array(VideoRow), total: z.number() }),
    'A page of the filtered video list (for the virtualised list).',
  ),
  'datasets.video': method(
    VideoKey,
    VideoRow.extend({ labelKind: z.enum(['binary', 'semantic', 'none']) }),
    'One video of a dataset, with how its GT masks read (class indices or object = nonzero); media via datasets/frame|label|audio|waveform|spectrogram.',
  ),
  'datasets.errors': method(
    z.object({ datasetId: DatasetId, limit: z.number().int().min(1).max(100_000).optional() }),
    z.array(ItemErrorSchema),
    'Problems found while indexing (the first `limit`, all when omitted), each naming the file and the fix; datasets.info counts.problems has the total.',
  ),
};
