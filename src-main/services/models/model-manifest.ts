import { z } from 'zod';

const Dim = z.union([z.number().int().positive(), z.string()]);
const Tensor = z.object({ name: z.string(), dtype: z.enum(['float32', 'int64']), shape: z.array(Dim) });

/** How the engine tokenised A1/A2 (present when the graph takes text_ids/text_mask); core/text/tokenize applies it. */
export const TokenizerManifest = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('word'), vocab: z.array(z.string()).min(4) }),
  z.object({
    kind: z.literal('wordpiece'),
    vocabFile: z.string().regex(/^[^/\\]+$/, 'a file name beside the manifest'),
    lowercase: z.boolean(),
    stripAccents: z.boolean().nullable(),
    cleanText: z.boolean(),
    chineseChars: z.boolean(),
    maxCharsPerWord: z.number().int().positive(),
    cls: z.number().int().nonnegative(),
    sep: z.number().int().nonnegative(),
    pad: z.number().int().nonnegative(),
    unk: z.number().int().nonnegative(),
  }),
]);
export type TokenizerManifest = z.infer<typeof TokenizerManifest>;

/** The manifest the engine writes beside an exported segmentation model (docs/engine.md "ONNX export"). */
export const EngineManifest = z.object({
  name: z.string(),
  task: z.enum(['avs-binary', 'avss-semantic']),
  numClasses: z.number().int().positive(),
  opset: z.number().int(),
  inputs: z.array(Tensor).min(1),
  outputs: z.array(Tensor).min(1),
  preprocessing: z.object({
    size: z.tuple([z.number().int().positive(), z.number().int().positive()]),
    mean: z.tuple([z.number(), z.number(), z.number()]),
    std: z.tuple([z.number(), z.number(), z.number()]),
    channelOrder: z.literal('RGB'),
    valueRange: z.number().positive(),
    layout: z.literal('NCHW'),
  }),
  audio: z.object({
    sampleRate: z.number().int().positive(),
    melBins: z.number().int().positive(),
    patchFrames: z.number().int().positive(),
    windowSamples: z.number().int().positive(),
    hopSamples: z.number().int().positive(),
    fftSize: z.number().int().positive(),
    melRangeHz: z.tuple([z.number(), z.number()]),
    logOffset: z.number().positive(),
  }),
  switches: z.object({ preMask: z.boolean(), postMask: z.boolean(), text: z.string(), steppingStone: z.boolean() }),
  tokenizer: TokenizerManifest.optional(),
  parityMaxAbsDiff: z.number().nullable(),
  createdFrom: z.record(z.string(), z.unknown()),
});
export type EngineManifest = z.infer<typeof EngineManifest>;

/** The app's registry entry, `models/<name>.model.json`: the engine's manifest plus what trained the model. */
export const ModelManifest = EngineManifest.extend({
  kind: z.literal('segmentation'),
  file: z.string().regex(/^[^/\\]+\.onnx$/, 'a file name beside the manifest'),
  trainedWith: z.object({
    runId: z.number().int(),
    runName: z.string(),
    datasetId: z.number().int().nullable(),
    datasetRoot: z.string().nullable(),
    config: z.record(z.string(), z.unknown()),
  }),
  registeredAt: z.number(),
});
export type ModelManifest = z.infer<typeof ModelManifest>;
