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
  /** What inference.start must be given: answersFile (text branch), stage1Model (stepping-stone prior). */
  needs: z.object({ answers: z.boolean(), stage1: z.boolean() }),
  /** The answers.json the model trained with (a default for answersFile), when known. */
  trainedAnswersFile: z.string().nullable(),
});

export const inferenceContract = {
  'inference.models': method(z.object({}), z.array(ModelListing), 'Registered segmentation models (models/<name>.onnx + <name>.model.json).'),
  'inference.start': method(
    z.object({
      model: z.string().min(1),
      datasetId: z.number().int().positive(),
      split: z.enum(['train', 'val', 'test']).optional(),
      /** answers.json ({"<subset>/<uid>": {"a1", "a2"}}, the Prompt lab's export) for a model with a text branch. */
      answersFile: z.string().min(1).optional(),
      /** The registered stage-1 model giving a stepping-stone model its prior_mask. */
      stage1Model: z.string().min(1).optional(),
    }),
    z.object({ job: JobRow }),
    'Run a model over a split as a job: prediction PNGs in the data folder and a metrics run with per-video rows.',
  ),
};
