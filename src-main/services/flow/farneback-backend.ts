import { FarnebackParams } from '../../api/contracts/flow';
import { rgbToGray8 } from '../../core/flow/rgb';
import type { FlowField, RgbImage } from '../../core/flow/types';
import { assertSameSize, type FlowBackend } from './flow-backend';
import { loadOpenCv, type OpenCv } from './opencv';

export const DEFAULT_FARNEBACK: FarnebackParams = FarnebackParams.parse({});

/** Classical dense flow (Farnebäck 2003) from the OpenCV wasm build: no weights, CPU only. The default backend. */
export class FarnebackBackend implements FlowBackend {
  readonly fingerprint: string;

  private constructor(
    private readonly cv: OpenCv,
    private readonly p: FarnebackParams,
  ) {
    this.fingerprint = `farneback:${p.pyrScale},${p.levels},${p.winSize},${p.iterations},${p.polyN},${p.polySigma}`;
  }

  static async create(params: FarnebackParams = DEFAULT_FARNEBACK): Promise<FarnebackBackend> {
    return new FarnebackBackend(await loadOpenCv(), params);
  }

  async compute(prev: RgbImage, next: RgbImage): Promise<FlowField> {
    assertSameSize(prev, next);
    return this.computeGray(prev.width, prev.height, rgbToGray8(prev), rgbToGray8(next));
  }

  /** Flow between two 8-bit gray frames (the benchmark calls this directly to time OpenCV alone). */
  computeGray(width: number, height: number, prev: Uint8Array, next: Uint8Array): FlowField {
    const { cv, p } = this;
    const a = new cv.Mat(height, width, cv.CV_8UC1);
    const b = new cv.Mat(height, width, cv.CV_8UC1);
    const flow = new cv.Mat();
    try {
      a.data.set(prev);
      b.data.set(next);
      cv.calcOpticalFlowFarneback(a, b, flow, p.pyrScale, p.levels, p.winSize, p.iterations, p.polyN, p.polySigma, 0);
      return { width, height, data: Float32Array.from(flow.data32F) };
    } finally {
      a.delete();
      b.delete();
      flow.delete();
    }
  }

  async dispose(): Promise<void> {}
}
