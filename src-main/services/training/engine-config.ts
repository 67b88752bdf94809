import type { TrainingForm } from '../../api/contracts/training';

/** The engine config (docs/engine.md "Config") for a form; `out_dir` is set by the job. */
export function engineConfig(form: TrainingForm, datasetRoot: string): Record<string, unknown> {
  const model = Object.fromEntries(Object.entries(form.components).filter(([, v]) => v !== undefined));
  return {
    size: form.size,
    variant: form.variant,
    ...(form.schedule ? { schedule: form.schedule } : {}),
    data: {
      root: datasetRoot,
      task: form.task,
      ...(form.subsets.length ? { subsets: form.subsets } : {}),
      image_size: [form.imageSize, form.imageSize],
      ...(form.layersRoot ? { layers_root: form.layersRoot } : {}),
      ...(form.promptsFile ? { prompts_file: form.promptsFile } : {}),
      ...(form.limit ? { limit: form.limit } : {}),
    },
    ...(Object.keys(model).length ? { model } : {}),
    loss: form.loss,
    epochs: form.epochs,
    batch_size: form.batchSize,
    lr: form.lr,
    lr_decay_to: form.lrDecayTo,
    lr_decay_epoch: form.lrDecayEpoch,
    device: form.gpus > 0 ? 'cuda' : 'cpu',
    ...(form.maxSteps ? { max_steps: form.maxSteps } : {}),
  };
}
