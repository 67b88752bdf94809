import { z } from 'zod';
import { method } from '../define';
import { JobRow } from './jobs';

/** Train on another machine over SSH (paths are on that machine); the JSON lines stream back. */
export const RemoteEngine = z.object({
  host: z.string().min(1).regex(/^[A-Za-z0-9._@:-]+$/, 'user@host'),
  ssh: z.string().min(1).default('ssh'),
  python: z.string().min(1).default('python3'),
  engineDir: z.string().min(1),
  workDir: z.string().min(1),
  datasetRoot: z.string().min(1),
});
export type RemoteEngine = z.infer<typeof RemoteEngine>;

export const CudaDevices = z
  .array(z.number().int().min(0).max(63))
  .max(16)
  .refine((d) => new Set(d).size === d.length, 'each CUDA device once')
  .default([]);

export const TrainingForm = z.object({
  name: z.string().min(1).max(120).regex(/^[A-Za-z0-9._ -]+$/, 'letters, digits, space, . _ -'),
  datasetId: z.number().int().positive(),
  task: z.enum(['binary', 'semantic']).default('binary'),
  subsets: z.array(z.string()).default([]),
  size: z.string().default('tiny'),
  variant: z.string().default('full'),
  schedule: z.string().nullable().default(null),
  epochs: z.number().int().min(1).max(1000).default(2),
  lr: z.number().positive().max(1).default(1e-3),
  lrDecayTo: z.number().positive().max(1).default(1e-4),
  lrDecayEpoch: z.number().int().min(0).default(15),
  batchSize: z.number().int().min(1).max(256).default(2),
  loss: z.object({ mask: z.number().min(0), dice: z.number().min(0), cls: z.number().min(0), post: z.number().min(0) }).default({ mask: 5, dice: 5, cls: 2, post: 10 }),
  /** Overrides of the variant's switches; unset = the preset's. */
  components: z.object({ pre_mask: z.boolean().optional(), post_mask: z.boolean().optional(), text: z.enum(['none', 'att', 'vta']).optional() }).default({}),
  /** Exported M_O/M_Pre/M_Post (Flow panel → export), needed by the pre-mask and post-mask. */
  layersRoot: z.string().nullable().default(null),
  /** answers.json from the prompt lab, needed by the text branch. */
  promptsFile: z.string().nullable().default(null),
  /** 0 = CPU; n ≥ 1 = that many CUDA GPUs (torchrun when more than one). */
  gpus: z.number().int().min(0).max(16).default(0),
  /** CUDA indices to train on, one per GPU (the engine sees them as CUDA_VISIBLE_DEVICES); empty = the first `gpus`. */
  devices: CudaDevices,
  maxSteps: z.number().int().positive().nullable().default(null),
  limit: z.number().int().positive().nullable().default(null),
  imageSize: z.number().int().min(32).max(1024).default(224),
  remote: RemoteEngine.nullable().default(null),
});
export type TrainingForm = z.infer<typeof TrainingForm>;

export const Check = z.object({ name: z.string(), ok: z.boolean(), detail: z.string(), fix: z.string().optional() });

export const TrainingRun = z.object({
  id: z.number(),
  name: z.string(),
  jobId: z.string().nullable(),
  config: z.record(z.string(), z.unknown()),
  outDir: z.string(),
  state: z.string(),
  totalSteps: z.number().nullable(),
  lastStep: z.number(),
  checkpoint: z.string().nullable(),
  model: z.string().nullable(),
  datasetId: z.number().nullable(),
  createdAt: z.number(),
  finishedAt: z.number().nullable(),
});

const RunId = z.object({ runId: z.number().int().positive() });

export const trainingContract = {
  'training.options': method(
    z.object({}),
    z.object({ python: z.string().nullable(), torch: z.string().nullable(), cudaDevices: z.number(), sizes: z.array(z.string()), variants: z.array(z.string()), schedules: z.array(z.string()), problem: Check.nullable() }),
    'What the engine offers here: Python/torch found, GPUs, and its presets (read from the engine).',
  ),
  'training.validate': method(TrainingForm, z.array(Check), 'Checks before launch: Python and engine, GPUs, dataset and input paths, disk space.'),
  'training.start': method(TrainingForm, z.object({ job: JobRow }), 'Validate, then launch training as a job.'),
  'training.runs': method(z.object({}), z.array(TrainingRun), 'Training runs, newest first.'),
  'training.curves': method(
    RunId.extend({ afterStep: z.number().int().default(-1) }),
    z.record(z.string(), z.array(z.tuple([z.number(), z.number().nullable()]))),
    'Curve points after a step, by series: loss.<term>, lr, samples_per_s, eval.<metric>.',
  ),
  'training.evals': method(RunId, z.array(z.object({ step: z.number(), epoch: z.number().nullable(), split: z.string(), control: z.string(), metrics: z.record(z.string(), z.number().nullable()) })), 'Evaluations recorded during a run.'),
  'training.export': method(RunId.extend({ name: z.string().regex(/^[A-Za-z0-9._-]+$/) }), z.object({ job: JobRow }), 'Export the run to ONNX into models/ (a job).'),
};
