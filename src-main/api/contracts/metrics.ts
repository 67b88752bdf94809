import { z } from 'zod';
import { method } from '../define';
import { JobRow } from './jobs';

export const MetricKind = z.enum(['binary', 'semantic']);
export type MetricKind = z.infer<typeof MetricKind>;
export const RunState = z.enum(['running', 'done', 'failed', 'cancelled']);

/** Where a run's predictions came from: an imported folder or a model inside the app. */
export const RunSource = z.object({ type: z.enum(['folder', 'model']), name: z.string().min(1), path: z.string().nullable().default(null) });
export type RunSource = z.infer<typeof RunSource>;

export const RunSummary = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: MetricKind,
  source: RunSource,
  datasetId: z.number().int(),
  datasetRoot: z.string().nullable(),
  split: z.string().nullable(),
  settings: z.record(z.string(), z.unknown()),
  state: RunState,
  jobId: z.string().nullable(),
  createdAt: z.number(),
  finishedAt: z.number().nullable(),
  videos: z.number().int(),
  frames: z.number().int(),
  skipped: z.number().int(),
  /** Official dataset numbers (S4/MS3: mean over videos; AVSS: mean over all classes). Null until finished. */
  miou: z.number().nullable(),
  fscore: z.number().nullable(),
  /** AVSS only: the means without background (class 0). */
  miouNoBg: z.number().nullable(),
  fscoreNoBg: z.number().nullable(),
});
export type RunSummary = z.infer<typeof RunSummary>;

export const ClassRow = z.object({ classIndex: z.number().int(), name: z.string(), iou: z.number(), fscore: z.number(), count: z.number().int() });
export const VideoRow = z.object({ subset: z.string(), uid: z.string(), frames: z.number().int(), miou: z.number(), fscore: z.number() });
export type VideoRow = z.infer<typeof VideoRow>;
export const FrameRow = z.object({ t: z.number().int(), iou: z.number().nullable(), fscore: z.number().nullable(), gtPixels: z.number().int() });

const RunId = z.object({ runId: z.number().int().positive() });
const Order = z.enum(['asc', 'desc']).default('desc');

export const VideoQuery = RunId.extend({
  sortBy: z.enum(['miou', 'fscore', 'uid', 'subset', 'frames']).default('miou'),
  order: Order,
  limit: z.number().int().positive().max(20_000).default(500),
  offset: z.number().int().min(0).default(0),
});

export const DeltaRow = z.object({
  subset: z.string(),
  uid: z.string(),
  miouA: z.number(),
  miouB: z.number(),
  fscoreA: z.number(),
  fscoreB: z.number(),
  dMiou: z.number(),
  dFscore: z.number(),
});
export type DeltaRow = z.infer<typeof DeltaRow>;

export const Comparison = z.object({
  a: RunSummary,
  b: RunSummary,
  /** Videos scored in both runs, sorted as asked; deltas are B - A. */
  rows: z.array(DeltaRow),
  matched: z.number().int(),
  onlyA: z.number().int(),
  onlyB: z.number().int(),
  /** The matched videos' mean deltas, and the largest wins / losses of B against A by mIoU. */
  meanDMiou: z.number(),
  meanDFscore: z.number(),
  wins: z.array(DeltaRow),
  losses: z.array(DeltaRow),
});
export type Comparison = z.infer<typeof Comparison>;

/** GT an evaluation scores against: the dataset's own labels, or the viewer's corrections where a frame has one. */
export const GtSource = z.enum(['dataset', 'corrected']);
export type GtSource = z.infer<typeof GtSource>;

export const EvaluateParams = z.object({
  /** Prediction folder in the AVSBench layout: <predDir>/<subset>/<uid>/<t>.png. */
  predDir: z.string().min(1),
  datasetId: z.number().int().positive(),
  /** An AVSS-layout dataset folder read directly (until the dataset catalog serves it). */
  root: z.string().optional(),
  split: z.enum(['train', 'val', 'test']).optional(),
  /** binary: probability PNGs 0..255 vs GT > 0; semantic: class-index (or palette-colour) PNGs; auto: from the GT kind. */
  mode: z.enum(['auto', 'binary', 'semantic']).default('auto'),
  /**
   * AVSS official test: 10. Videos with fewer GT frames are padded to this many frames with all-background GT, scored
   * where the folder holds predictions for them (the official script saves and scores all 10). 0: real frames only.
   */
  padTo: z.number().int().min(0).max(100).default(0),
  /**
   * corrected: frames with a saved correction (annotation store, latest version) are scored against it instead of
   * the dataset label; an edited frame the dataset does not label is scored where the folder holds a prediction.
   */
  gt: GtSource.default('dataset'),
  name: z.string().optional(),
  /** Set by metrics.importPredictions; a job started bare creates its own run. */
  runId: z.number().int().positive().optional(),
});
export type EvaluateParams = z.infer<typeof EvaluateParams>;

export const metricsContract = {
  'metrics.runs': method(z.object({ datasetId: z.number().int().optional() }), z.array(RunSummary), 'Evaluation runs, newest first.'),
  'metrics.run': method(RunId, z.object({ run: RunSummary, classes: z.array(ClassRow), miouHistogram: z.array(z.number().int()) }), 'One run with its per-class rows and a 20-bin histogram of per-video mIoU.'),
  'metrics.videos': method(VideoQuery, z.object({ total: z.number().int(), rows: z.array(VideoRow) }), 'Per-video rows of a run, sorted.'),
  'metrics.frames': method(RunId.extend({ subset: z.string(), uid: z.string() }), z.array(FrameRow), 'Per-frame rows of one video in a run.'),
  'metrics.compare': method(
    z.object({ a: z.number().int().positive(), b: z.number().int().positive(), sortBy: z.enum(['dMiou', 'dFscore', 'uid', 'miouA', 'miouB']).default('dMiou'), order: Order, top: z.number().int().positive().max(100).default(10) }),
    Comparison,
    'Per-video deltas of run B against run A.',
  ),
  'metrics.export': method(
    RunId.extend({ format: z.enum(['csv', 'json']), file: z.string().optional() }),
    z.object({ filename: z.string(), content: z.string(), written: z.string().nullable() }),
    'A run as CSV (one row per video) or JSON (summary, classes, videos, frames); written to `file` when given.',
  ),
  'metrics.importPredictions': method(EvaluateParams.omit({ runId: true }), z.object({ runId: z.number().int(), job: JobRow }), 'Create a run and start the metrics.evaluate job over a prediction folder.'),
  'metrics.delete': method(RunId, z.object({ deleted: z.boolean() }), 'Delete a run and all its rows.'),
};
