import { findEnginePython } from '../training/python-engine';
import { locateFfmpeg } from '../datasets/ffmpeg';
import type { AppError } from '../../api/errors';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { DependencyStatus } from '../../api/contracts/system';

const require = createRequire(import.meta.url);

export type DependencyCheck = () => DependencyStatus | Promise<DependencyStatus>;

/** The Electron binary is downloaded lazily; without it only the web host runs. Never require('electron') here. */
export const electronCheck: DependencyCheck = () => {
  try {
    const pkgDir = path.dirname(require.resolve('electron/package.json'));
    const pathTxt = path.join(pkgDir, 'path.txt');
    const exe = fs.existsSync(pathTxt) ? path.join(pkgDir, 'dist', fs.readFileSync(pathTxt, 'utf8').trim()) : '';
    if (exe && fs.existsSync(exe)) return { name: 'Electron', ok: true, detail: exe, optional: true };
    return {
      name: 'Electron',
      ok: false,
      optional: true,
      detail: 'The Electron package is installed but its binary has not been downloaded.',
      fix: 'Run `node node_modules/electron/install.js` on a machine with internet access (or `npm start`, which does it), or use the web host: `npm run serve`.',
    };
  } catch {
    return { name: 'Electron', ok: false, optional: true, detail: 'The electron package is not installed.', fix: 'Run `npm ci`.' };
  }
};

/** onnxruntime-node always ships its CPU provider; CUDA needs the provider libraries its install script fetches. */
export const onnxRuntimeCheck: DependencyCheck = () => {
  try {
    const pkgDir = path.dirname(require.resolve('onnxruntime-node/package.json'));
    const binDir = path.join(pkgDir, 'bin', 'napi-v6', process.platform, process.arch);
    const hasCuda = fs.existsSync(binDir) && fs.readdirSync(binDir).some((f) => f.includes('providers_cuda'));
    return {
      name: 'ONNX Runtime',
      ok: true,
      optional: false,
      detail: hasCuda ? 'CPU and CUDA execution providers' : 'CPU execution provider only (CUDA provider files not installed)',
      ...(hasCuda
        ? {}
        : { fix: 'For GPU inference on a CUDA machine: `ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node` (needs internet access).' }),
    };
  } catch {
    return { name: 'ONNX Runtime', ok: false, optional: false, detail: 'onnxruntime-node is not installed.', fix: 'Run `npm ci`.' };
  }
};

/** The training engine needs a Python with the ssp_engine package; the project's .venv comes first. */
export function pythonCheck(pythonPath: string, projectRoot: string): DependencyCheck {
  return async () => {
    const py = await findEnginePython(pythonPath, projectRoot);
    if (!('tried' in py)) return { name: 'Python engine', ok: true, optional: true, detail: `${py.python}: torch ${py.torch}, ${py.cudaDevices ? `${py.cudaDevices} CUDA device(s)` : 'CUDA not available'}` };
    return {
      name: 'Python engine',
      ok: false,
      optional: true,
      detail: `No Python with ssp_engine and torch among: ${py.tried.join(', ')}`,
      fix: 'Run `python3 -m venv .venv && .venv/bin/pip install -e engine` in the project folder, or set Settings > Tools > Python.',
    };
  };
}

/** ffmpeg decodes plain video folders (AVSBench folders need it only for audio of other rates). */
export function ffmpegCheck(setting: string): DependencyCheck {
  return () => {
    try {
      const found = locateFfmpeg(setting);
      return { name: 'ffmpeg', ok: true, optional: true, detail: `${found.path} (${found.source})` };
    } catch (e) {
      const err = e as AppError;
      return { name: 'ffmpeg', ok: false, optional: true, detail: err.message, fix: err.details?.fix ?? 'Install ffmpeg.' };
    }
  };
}
