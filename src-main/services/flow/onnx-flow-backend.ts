import fs from 'node:fs';
import * as ort from 'onnxruntime-node';
import { AppError } from '../../api/errors';
import { fromPlanarFlow, padUp, toPlanar } from '../../core/flow/model-io';
import { resizeFlow, resizeRgb } from '../../core/flow/resize';
import type { FlowField, RgbImage } from '../../core/flow/types';
import { assertSameSize, type FlowBackend } from './flow-backend';
import type { FlowModel } from './flow-model-manifest';
import { openModelSession } from '../onnx/onnx-session';

/** A flow network exported to ONNX (RAFT, Perceiver IO, ...) driven by its manifest. */
export class OnnxFlowBackend implements FlowBackend {
  readonly fingerprint: string;

  private constructor(
    private readonly model: FlowModel,
    private readonly session: ort.InferenceSession,
    readonly provider: 'cuda' | 'cpu',
  ) {
    const stat = fs.statSync(model.onnxFile);
    // The model file's size and mtime stand in for its content: replacing the file invalidates cached flow.
    this.fingerprint = `onnx:${model.manifest.name}:${stat.size}:${Math.round(stat.mtimeMs)}:${JSON.stringify(model.manifest)}`;
  }

  static async create(model: FlowModel): Promise<OnnxFlowBackend> {
    let opened: Awaited<ReturnType<typeof openModelSession>>;
    try {
      opened = await openModelSession(model.onnxFile);
    } catch (err) {
      throw new AppError('bad_input', `onnxruntime could not load ${model.onnxFile}: ${(err as Error).message}`, {
        file: model.onnxFile,
        fix: 'Re-export the model to ONNX (opset 16 or newer, see models/README.md) and replace the file.',
      });
    }
    checkNames(model, opened.session);
    return new OnnxFlowBackend(model, opened.session, opened.provider);
  }

  async compute(prev: RgbImage, next: RgbImage): Promise<FlowField> {
    assertSameSize(prev, next);
    const m = this.model.manifest;
    const fixed = m.size.mode === 'fixed' ? m.size : null;
    const [a, b] = fixed ? [resizeRgb(prev, fixed.width, fixed.height), resizeRgb(next, fixed.width, fixed.height)] : [prev, next];
    const w = fixed ? fixed.width : padUp(a.width, m.size.mode === 'padded' ? m.size.multipleOf : 1);
    const h = fixed ? fixed.height : padUp(a.height, m.size.mode === 'padded' ? m.size.multipleOf : 1);
    const norm = m.normalise;
    const feeds: Record<string, ort.Tensor> = {};
    if (m.inputs.layout === 'pair') {
      feeds[m.inputs.names[0]] = new ort.Tensor('float32', toPlanar(a, norm, w, h, m.padding), [1, 3, h, w]);
      feeds[m.inputs.names[1]] = new ort.Tensor('float32', toPlanar(b, norm, w, h, m.padding), [1, 3, h, w]);
    } else {
      const buf = new Float32Array(6 * w * h);
      toPlanar(a, norm, w, h, m.padding, buf, 0);
      toPlanar(b, norm, w, h, m.padding, buf, 3 * w * h);
      feeds[m.inputs.name] = new ort.Tensor('float32', buf, [1, 6, h, w]);
    }
    const out = (await this.session.run(feeds))[m.output.name];
    const dims = out.dims;
    if (dims.length !== 4 || dims[0] !== 1 || dims[1] !== 2 || dims[2] !== h || dims[3] !== w) {
      throw new AppError('bad_input', `${this.model.onnxFile} returned "${m.output.name}" of shape [${dims.join(',')}], expected [1,2,${h},${w}].`, {
        file: this.model.manifestFile,
        fix: 'Check "output" and "size" in the manifest against the exported model.',
      });
    }
    const flow = fromPlanarFlow(out.data as Float32Array, w, h, a.width, a.height, m.flowScale);
    return fixed ? resizeFlow(flow, prev.width, prev.height) : flow;
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}

function checkNames(model: FlowModel, session: ort.InferenceSession): void {
  const m = model.manifest;
  const wanted = m.inputs.layout === 'pair' ? [...m.inputs.names] : [m.inputs.name];
  const missingIn = wanted.filter((n) => !session.inputNames.includes(n));
  const missingOut = session.outputNames.includes(m.output.name) ? [] : [m.output.name];
  if (missingIn.length || missingOut.length) {
    throw new AppError(
      'bad_input',
      `${model.manifestFile} does not match ${model.onnxFile}: the manifest names ${[...missingIn, ...missingOut].map((n) => `"${n}"`).join(', ')}, ` +
        `the model has inputs [${session.inputNames.join(', ')}] and outputs [${session.outputNames.join(', ')}].`,
      { file: model.manifestFile, fix: 'Use the model\'s input and output names in "inputs" and "output" of the manifest.' },
    );
  }
}

