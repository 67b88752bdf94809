import crypto from 'node:crypto';
import fs from 'node:fs';
import type { MaskSettings } from '../../api/contracts/flow';
import { loadFlowModel } from './flow-model-manifest';

const hash = (value: unknown) => crypto.createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);

/**
 * What identifies an ONNX model's output: its manifest and the .onnx file's size and mtime (replacing the file
 * invalidates the cached flow). Throws the manifest loader's AppError when the model is missing or broken.
 */
function modelStamp(settings: MaskSettings, modelsDir: string): unknown {
  if (settings.backend.kind !== 'onnx') return null;
  const model = loadFlowModel(modelsDir, settings.backend.model);
  const stat = fs.statSync(model.onnxFile);
  return { manifest: model.manifest, size: stat.size, mtime: Math.round(stat.mtimeMs) };
}

/** Key of the flow fields: the backend (and its model file) and the work size; scale and threshold do not enter. */
export function flowKey(settings: MaskSettings, modelsDir: string): string {
  return hash({ backend: settings.backend, workMaxSide: settings.workMaxSide, model: modelStamp(settings, modelsDir) });
}

/** Key of the masks: the flow they come from plus the magnitude scale and threshold. */
export function maskKey(flow: string, settings: MaskSettings): string {
  return hash({ flow, scale: settings.scale, threshold: settings.threshold });
}

/** Signature of input files (path, size, mtime): a cached layer is stale once its inputs' signature changes. */
export function filesSignature(files: readonly (string | null)[]): string {
  return hash(
    files.map((f) => {
      if (f === null) return null;
      const s = fs.statSync(f, { throwIfNoEntry: false });
      return s ? [f, s.size, Math.round(s.mtimeMs)] : [f, 'missing'];
    }),
  );
}

/** Cache file name for a video: a hash, so subset/uid strings from a CSV never become path segments. */
export const videoFileStem = (datasetId: number, subset: string, uid: string) => hash([datasetId, subset, uid]);
