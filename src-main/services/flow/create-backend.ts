import type { MaskSettings } from '../../api/contracts/flow';
import { FarnebackBackend } from './farneback-backend';
import type { FlowBackend } from './flow-backend';
import { loadFlowModel } from './flow-model-manifest';
import { OnnxFlowBackend } from './onnx-flow-backend';

/** The backend a settings object names; ONNX models come from `<modelsDir>/<model>.flow.json`. */
export function createFlowBackend(spec: MaskSettings['backend'], modelsDir: string): Promise<FlowBackend> {
  return spec.kind === 'farneback' ? FarnebackBackend.create(spec.params) : OnnxFlowBackend.create(loadFlowModel(modelsDir, spec.model));
}
