import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AppError } from '../../api/errors';

const Rgb = z.tuple([z.number(), z.number(), z.number()]);

/**
 * `models/<name>.flow.json`: how to feed an ONNX optical-flow network and read its output (see models/README.md).
 * Inputs are float32 NCHW; `pair` takes two [1,3,H,W] tensors, `stacked` one [1,6,H,W] (prev channels first).
 * The output is [1,2,H,W] (u then v, in pixels of the network's input size) times `flowScale`.
 */
export const FlowModelManifest = z.object({
  kind: z.literal('optical-flow'),
  name: z.string().min(1),
  /** The .onnx file, relative to the manifest's folder. */
  file: z.string().min(1),
  inputs: z.discriminatedUnion('layout', [
    z.object({ layout: z.literal('pair'), names: z.tuple([z.string(), z.string()]) }),
    z.object({ layout: z.literal('stacked'), name: z.string() }),
  ]),
  output: z.object({ name: z.string() }),
  /** `fixed`: frames are resized to width x height and the flow resized back; `padded`: padded up to a multiple, then cropped. */
  size: z.discriminatedUnion('mode', [
    z.object({ mode: z.literal('fixed'), width: z.number().int().positive(), height: z.number().int().positive() }),
    z.object({ mode: z.literal('padded'), multipleOf: z.number().int().positive() }),
  ]),
  padding: z.enum(['replicate', 'zero']).default('replicate'),
  normalise: z
    .object({ scale: z.number().positive(), mean: Rgb.default([0, 0, 0]), std: Rgb.default([1, 1, 1]), order: z.enum(['RGB', 'BGR']).default('RGB') })
    .default({ scale: 1, mean: [0, 0, 0], std: [1, 1, 1], order: 'RGB' }),
  flowScale: z.number().default(1),
});
export type FlowModelManifest = z.infer<typeof FlowModelManifest>;

export interface FlowModel {
  manifest: FlowModelManifest;
  manifestFile: string;
  onnxFile: string;
}

/** The app's models/ folder: next to the nearest package.json above this module (sources and bundles alike). */
export function flowModelsDir(): string {
  if (process.env.SSP_MODELS_DIR) return process.env.SSP_MODELS_DIR;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(dir, 'models');
}

export const manifestFileName = (name: string) => `${name}.flow.json`;

/** Reads and validates `<modelsDir>/<name>.flow.json`; every failure names the file and the fix. */
export function loadFlowModel(modelsDir: string, name: string): FlowModel {
  const manifestFile = path.join(modelsDir, manifestFileName(name));
  if (!fs.existsSync(manifestFile)) {
    throw new AppError('bad_input', `Flow model "${name}" has no manifest: ${manifestFile} does not exist.`, {
      file: manifestFile,
      fix: `Export the model to ONNX and write ${manifestFileName(name)} next to it (see models/README.md), or pick another flow backend.`,
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  } catch (err) {
    throw new AppError('bad_input', `${manifestFile} is not valid JSON: ${(err as Error).message}`, { file: manifestFile, fix: 'Fix the JSON syntax.' });
  }
  const parsed = FlowModelManifest.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new AppError('bad_input', `${manifestFile} is not a valid flow manifest: ${issues}`, {
      file: manifestFile,
      fix: 'Correct the listed fields (models/README.md shows a complete manifest).',
    });
  }
  const onnxFile = path.resolve(modelsDir, parsed.data.file);
  if (!fs.existsSync(onnxFile)) {
    throw new AppError('bad_input', `Flow model file ${onnxFile} (named by ${manifestFile}) does not exist.`, {
      file: onnxFile,
      fix: `Place the exported ONNX file at ${onnxFile} or correct "file" in ${manifestFile}.`,
    });
  }
  return { manifest: parsed.data, manifestFile, onnxFile };
}

/** Names of the flow models whose manifests sit in `modelsDir`. */
export function listFlowModels(modelsDir: string): string[] {
  if (!fs.existsSync(modelsDir)) return [];
  return fs
    .readdirSync(modelsDir)
    .filter((f) => f.endsWith('.flow.json'))
    .map((f) => f.slice(0, -'.flow.json'.length))
    .sort();
}
