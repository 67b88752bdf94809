/**
 * The viewer's overlay layers and where their pixels come from (every media route name the viewer uses is here).
 * `kind` decides how a decoded PNG is coloured (colourise.ts).
 */
export type LayerKind = 'binary' | 'pre' | 'semantic' | 'rgb' | 'heat' | 'threshold' | 'error' | 'classError';
export type LayerId = 'gt' | 'mo' | 'pre' | 'post' | 'field' | 'pred' | 'predMask' | 'errors';

export interface LayerDef {
  id: LayerId;
  label: string;
  kind: LayerKind;
  /** Shortcut key toggling its visibility. */
  key: string;
  colour: string;
  opacity: number;
  visible: boolean;
  help: string;
}

export const LAYERS: LayerDef[] = [
  { id: 'gt', label: 'M_GT', kind: 'semantic', key: '1', colour: '#ffd400', opacity: 0.55, visible: true, help: 'Ground truth (semantic: dataset palette; binary: this colour).' },
  { id: 'mo', label: 'M_O', kind: 'binary', key: '2', colour: '#00c8ff', opacity: 0.5, visible: true, help: 'Optical-flow mask: moving pixels.' },
  { id: 'pre', label: 'M_Pre', kind: 'pre', key: '3', colour: '#ff4fd8', opacity: 0.6, visible: false, help: 'Eq. 2 pre-mask: 1 on M_O ∧ GT (colour), 0.5 on M_O ⊕ GT (grey), 0 elsewhere.' },
  { id: 'post', label: 'M_Post', kind: 'binary', key: '4', colour: '#3ddc84', opacity: 0.6, visible: false, help: 'Post-mask M_O ∧ M_GT used by the post-mask loss.' },
  { id: 'field', label: 'Flow field', kind: 'rgb', key: '5', colour: '#ffffff', opacity: 0.7, visible: false, help: 'Optical flow leaving this frame, colour-wheel coded (hue = direction, saturation = speed).' },
  { id: 'pred', label: 'Prediction (prob.)', kind: 'heat', key: '6', colour: '#ff3030', opacity: 0.6, visible: false, help: 'Model probability as a heat map (from the selected evaluation run).' },
  { id: 'predMask', label: 'Prediction (mask)', kind: 'threshold', key: '7', colour: '#ff8c00', opacity: 0.5, visible: false, help: 'Prediction thresholded at 0.5 (probability byte ≥ 128, as the metrics binarise).' },
  { id: 'errors', label: 'Errors vs GT', kind: 'error', key: '8', colour: '#ff0000', opacity: 0.7, visible: false, help: 'False positives (red) and false negatives (blue) of the thresholded prediction.' },
];

/** The task of an evaluation run (RunSummary.kind): its PNGs hold probabilities (binary) or class indices (semantic). */
export type RunKind = 'binary' | 'semantic';

/** What the prediction layers become for a semantic run; a binary run (or none) keeps the LAYERS entries. */
const SEMANTIC_PREDICTION: Partial<Record<LayerId, Pick<LayerDef, 'label' | 'kind' | 'help'>>> = {
  pred: { label: 'Prediction (classes)', kind: 'semantic', help: 'Predicted class per pixel in the dataset palette (the same colours as the semantic M_GT).' },
  predMask: { label: 'Prediction (objects)', kind: 'binary', help: 'Pixels predicted as any class but background.' },
  errors: { label: 'Errors vs GT', kind: 'classError', help: 'Per class: background predicted as a class (red), a GT object predicted as background (blue), a GT object predicted as another class (orange); GT 255 is ignored.' },
};

/** A layer's label, kind and help for the selected run's task; user settings (visibility, opacity, colour) are kept. */
export function layerFor<T extends LayerDef>(def: T, run: RunKind | null): T {
  const base = LAYERS.find((l) => l.id === def.id)!;
  const text = (run === 'semantic' && SEMANTIC_PREDICTION[def.id]) || base;
  return { ...def, label: text.label, kind: text.kind, help: text.help };
}

export interface VideoKey {
  datasetId: number;
  subset: string;
  uid: string;
}

/** Media route and parameters for a layer at frame t; null when the layer has no source for this video. */
export function layerSource(id: LayerId, v: VideoKey, t: number, runId: number | null): { route: string; params: Record<string, string | number> } | null {
  const base = { datasetId: v.datasetId, subset: v.subset, uid: v.uid, t };
  switch (id) {
    case 'gt':
      return { route: 'datasets/label', params: base };
    case 'mo':
      return { route: 'flow/mask_o', params: base };
    case 'pre':
      return { route: 'flow/mask_pre', params: base };
    case 'post':
      return { route: 'flow/mask_post', params: base };
    case 'field':
      return { route: 'flow/field', params: base };
    case 'pred':
    case 'predMask':
    case 'errors':
      return runId === null ? null : { route: 'metrics/prediction', params: { ...base, runId } };
  }
}

export const frameSource = (v: VideoKey, t: number) => ({ route: 'datasets/frame', params: { datasetId: v.datasetId, subset: v.subset, uid: v.uid, t } });
