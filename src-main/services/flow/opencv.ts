import { createRequire } from 'node:module';
import type * as CV from '@techstark/opencv-js';

export type OpenCv = typeof CV;

let loading: Promise<OpenCv> | undefined;

/**
 * Loads the OpenCV wasm build once per process. The emscripten module is a thenable whose `then` yields itself,
 * so resolving a Promise with it (or awaiting it) recurses forever; `then` is deleted before resolving.
 */
export function loadOpenCv(): Promise<OpenCv> {
  loading ??= new Promise<OpenCv>((resolve) => {
    const mod = createRequire(import.meta.url)('@techstark/opencv-js');
    const done = (m: OpenCv & { then?: unknown }) => {
      delete m.then;
      resolve(m);
    };
    if (mod instanceof Promise) void mod.then(done);
    else if (mod.Mat) done(mod);
    else mod.onRuntimeInitialized = () => done(mod);
  });
  return loading;
}
