import { z } from 'zod';
import { method } from '../define';
import { JobRow } from './jobs';

export const ModelListing = z.object({
  name: z.string(),
  /** Set when the model cannot run in the app: a broken manifest, a missing .onnx, or inputs the app does not build. */
  problem: z.string().nullable(),
  task: z.string().nullable(),
  numClasses: z.number().nullable(),
  inputs: z.array(z.object({ name: z.string(), shape: z.array(z.union([z.number(), z.string()])) })),
  outputs: z.array(z.object({ name: z.string(), shape: z.array(z.union([z.number(), z.string()])) })),
  trainedWith: z.object({ runId: z.number(), runName: z.string(), datasetId: z.number().nullable() }).nullable(),
  parityMaxAbsDiff: z.number().nullable(),
});

export const inferenceContract = {
  'inference.models': method(z.object({}), z.array(ModelListing), 'Registered segmentation models (models/<name>.onnx + <name>.model.json).'),
  'inference.start': method(
    z.object({ model: z.string().min(1), datasetId: z.number().int().positive(), split: z.enum(['train', 'val', 'test']).optional() }),
    z.object({ job: JobRow }),
    'Run a model over a split as a job: prediction PNGs in the data folder and a metrics run with per-video rows.',
  ),
};
