import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../api/errors';
import { writeFileAtomic } from '../fs/atomic';
import { EngineManifest, ModelManifest } from './model-manifest';

const SUFFIX = '.model.json';

export type ModelEntry = { name: string; manifest: ModelManifest; onnx: string } | { name: string; problem: string };

/** Segmentation models in one folder: `<name>.onnx` described by `<name>.model.json`. */
export class ModelRegistry {
  constructor(readonly dir: string) {}

  /** Every registered model, with the reason when one cannot be used (bad manifest, missing .onnx). */
  list(): ModelEntry[] {
    if (!fs.existsSync(this.dir)) return [];
    return fs
      .readdirSync(this.dir)
      .filter((f) => f.endsWith(SUFFIX))
      .sort()
      .map((f) => {
        const name = f.slice(0, -SUFFIX.length);
        try {
          return { name, ...this.read(name) };
        } catch (e) {
          return { name, problem: (e as Error).message };
        }
      });
  }

  /** A usable model or an AppError naming the file and the fix. */
  get(name: string): { manifest: ModelManifest; onnx: string } {
    if (!fs.existsSync(this.manifestPath(name))) throw new AppError('not_found', `No model "${name}" in ${this.dir}.`, { fix: 'Export a training run (Training → Export) or drop <name>.onnx + <name>.model.json there.' });
    return this.read(name);
  }

  /** Registers the engine's export: checks its manifest and writes `<name>.model.json` with the training provenance. */
  register(engineManifestFile: string, onnxFile: string, trainedWith: ModelManifest['trainedWith']): ModelManifest {
    const parsed = EngineManifest.safeParse(readJson(engineManifestFile, 'Export again with the current engine.'));
    if (!parsed.success) throw new AppError('bad_input', `${engineManifestFile}: not an engine manifest (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}).`, { file: engineManifestFile, fix: 'Export again with the current engine.' });
    // The name becomes a file name in this folder: a manifest must not steer the write elsewhere.
    if (!/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(parsed.data.name)) throw new AppError('bad_input', `${engineManifestFile}: model name "${parsed.data.name}" is not a plain file name.`, { file: engineManifestFile, fix: 'Export again with a name of letters, digits, ".", "_" and "-".' });
    if (path.dirname(path.resolve(onnxFile)) !== path.resolve(this.dir)) throw new Error(`${onnxFile} is not inside ${this.dir}`);
    const manifest: ModelManifest = { ...parsed.data, kind: 'segmentation', file: path.basename(onnxFile), trainedWith, registeredAt: Date.now() };
    writeFileAtomic(this.manifestPath(parsed.data.name), JSON.stringify(manifest, null, 2));
    return manifest;
  }

  private manifestPath(name: string): string {
    return path.join(this.dir, `${name}${SUFFIX}`);
  }

  private read(name: string): { manifest: ModelManifest; onnx: string } {
    const file = this.manifestPath(name);
    const r = ModelManifest.safeParse(readJson(file, 'Export the model again.'));
    if (!r.success) throw new AppError('bad_input', `${file}: ${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message}.`, { file, fix: 'Export the model again, or fix that field (models/README.md).' });
    const onnx = path.join(this.dir, r.data.file);
    if (!fs.existsSync(onnx)) throw new AppError('not_found', `${onnx} is missing (named by ${file}).`, { file: onnx, fix: 'Put the .onnx file back beside its manifest, or export again.' });
    return { manifest: r.data, onnx };
  }
}

function readJson(file: string, fix: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new AppError('bad_input', `${file} is not readable JSON (${(e as Error).message}).`, { file, fix });
  }
}
