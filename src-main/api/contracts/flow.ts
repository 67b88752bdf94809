import { z } from 'zod';
import { method } from '../define';
import { JobRow } from './jobs';
import type { MagnitudeScale as CoreMagnitudeScale } from '../../core/flow/magnitude';
import type { ThresholdSpec as CoreThresholdSpec } from '../../core/masks/threshold';

export const FarnebackParams = z.object({
  pyrScale: z.number().gt(0).lt(1).default(0.5),
  levels: z.number().int().min(1).max(10).default(3),
  winSize: z.number().int().min(3).max(99).default(15),
  iterations: z.number().int().min(1).max(50).default(3),
  polyN: z.union([z.literal(5), z.literal(7)]).default(5),
  polySigma: z.number().positive().default(1.2),
});
export type FarnebackParams = z.infer<typeof FarnebackParams>;

export const FlowBackendSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('farneback'), params: FarnebackParams.default(FarnebackParams.parse({})) }),
  /** An ONNX flow network described by models/<model>.flow.json. */
  z.object({ kind: z.literal('onnx'), model: z.string().regex(/^[A-Za-z0-9._-]+$/, 'a model name from models/, without extension') }),
]);

export const MagnitudeScale = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), maxMagnitude: z.number().positive() }),
  z.object({ kind: z.literal('perFrameMax') }),
]);

export const ThresholdSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), level: z.number().min(0).max(255) }),
  z.object({ kind: z.literal('otsu'), minLevel: z.number().min(0).max(255).optional() }),
  z.object({ kind: z.literal('percentile'), p: z.number().min(0).max(100), minLevel: z.number().min(0).max(255).optional() }),
]);

/**
 * Everything that decides the flow masks of a video. Flow is computed on frames scaled so the longer side is
 * `workMaxSide` px, so `scale.maxMagnitude` is in pixels at that size whatever the video's resolution.
 * Changing `scale` or `threshold` re-uses the cached flow; changing `backend` or `workMaxSide` recomputes it.
 */
export const MaskSettings = z.object({
  backend: FlowBackendSpec.default({ kind: 'farneback', params: FarnebackParams.parse({}) }),
  workMaxSide: z.number().int().min(32).max(4096).default(320),
  scale: MagnitudeScale.default({ kind: 'fixed', maxMagnitude: 8 }),
  threshold: ThresholdSpec.default({ kind: 'fixed', level: 32 }),
});
export type MaskSettings = z.infer<typeof MaskSettings>;

// The contract's schemas must describe exactly the core's option types.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const sameScale: Same<z.infer<typeof MagnitudeScale>, CoreMagnitudeScale> = true;
const sameThreshold: Same<z.infer<typeof ThresholdSpec>, CoreThresholdSpec> = true;
void sameScale;
void sameThreshold;

export const VideoRef = z.object({ subset: z.string().min(1), uid: z.string().min(1) });
export type VideoRef = z.infer<typeof VideoRef>;

/** Which videos of an opened dataset a flow job covers: the listed ones, else a whole split (all splits when omitted). */
export const FlowSelection = z.object({
  datasetId: z.number().int().positive(),
  split: z.enum(['train', 'val', 'test']).optional(),
  videos: z.array(VideoRef).max(100_000).optional(),
});
export type FlowSelection = z.infer<typeof FlowSelection>;

export const FlowMasksParams = FlowSelection.extend({ settings: MaskSettings });
export const FlowExportParams = FlowMasksParams.extend({ outDir: z.string().min(1) });

export const MaskStatsRow = z.object({
  subset: z.string(),
  uid: z.string(),
  frames: z.number(),
  gtFrames: z.number(),
  gtCoverage: z.number().nullable(),
  motionOutsideGt: z.number().nullable(),
  motionShare: z.number(),
  maskKey: z.string(),
  computedAt: z.number(),
});
export type MaskStatsRow = z.infer<typeof MaskStatsRow>;

export const StatsSortKey = z.enum(['gtCoverage', 'motionOutsideGt', 'motionShare', 'uid']);
export type StatsSortKey = z.infer<typeof StatsSortKey>;

const DatasetSource = FlowSelection.pick({ datasetId: true });

export const flowContract = {
  'flow.models': method(
    z.object({}),
    z.array(z.object({ name: z.string(), kind: z.enum(['farneback', 'onnx']), error: z.string().nullable() })),
    'Flow backends available: the built-in Farneback and every ONNX model with a manifest in models/ (error says why one cannot load).',
  ),
  'flow.settings': method(z.object({}), MaskSettings, 'The current flow/mask settings (used by runs, stats and media routes).'),
  'flow.updateSettings': method(MaskSettings, MaskSettings, 'Replace the flow/mask settings; cached flow is re-used when only scale or threshold change.'),
  'flow.keys': method(
    z.object({ settings: MaskSettings }),
    z.object({ flowKey: z.string(), maskKey: z.string() }),
    'The cache keys the given settings produce (equal keys = results re-used).',
  ),
  'flow.run': method(
    FlowSelection.extend({ settings: MaskSettings.optional() }),
    JobRow,
    'Start a flow.masks job over a selection or a split (current settings unless given).',
  ),
  'flow.export': method(
    FlowSelection.extend({ settings: MaskSettings.optional(), outDir: z.string().min(1) }),
    JobRow,
    'Start a flow.export job writing M_O / M_Pre / M_Post PNGs to <outDir>/<subset>/<uid>/<layer>/<t>.png.',
  ),
  'flow.stats': method(
    DatasetSource.extend({
      settings: MaskSettings.optional(),
      sortBy: StatsSortKey.default('gtCoverage'),
      order: z.enum(['asc', 'desc']).default('asc'),
      limit: z.number().int().positive().max(100_000).default(1000),
    }),
    z.array(MaskStatsRow),
    'Per-video mask statistics computed with these settings (current ones unless given; videos not computed yet are absent); nulls sort last.',
  ),
  'flow.preview': method(
    DatasetSource.extend(VideoRef.shape).extend({ threshold: ThresholdSpec }),
    z.object({
      levels: z.array(z.number()),
      motionShare: z.number(),
      gtCoverage: z.number().nullable(),
      motionOutsideGt: z.number().nullable(),
    }),
    "One video's M_O with a candidate threshold on the cached flow (nothing is stored): levels per frame and the statistics.",
  ),
};
