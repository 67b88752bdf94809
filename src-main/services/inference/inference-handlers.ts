import type { DomainHandlers } from '../../api/contract';
import { AppError } from '../../api/errors';
import type { AppCore } from '../../app/app-core';
import { ModelRegistry } from '../models/model-registry';
import { defaultModelsDir } from '../models/models-dir';
import { unsupportedInputs } from './run-inference';

export function createInferenceHandlers(core: AppCore, modelsDir = defaultModelsDir): DomainHandlers<'inference'> {
  const registry = new ModelRegistry(modelsDir);
  return {
    'inference.models': () =>
      registry.list().map((e) =>
        'problem' in e
          ? { name: e.name, problem: e.problem, task: null, numClasses: null, inputs: [], outputs: [], trainedWith: null, parityMaxAbsDiff: null }
          : {
              name: e.name,
              problem: unsupportedInputs(e.manifest),
              task: e.manifest.task,
              numClasses: e.manifest.numClasses,
              inputs: e.manifest.inputs,
              outputs: e.manifest.outputs,
              trainedWith: e.manifest.trainedWith,
              parityMaxAbsDiff: e.manifest.parityMaxAbsDiff,
            },
      ),
    'inference.start': ({ model, datasetId, split }) => {
      const why = unsupportedInputs(registry.get(model).manifest);
      if (why) throw new AppError('bad_input', why, { fix: 'Pick a model without a text branch or stepping stone.' });
      core.datasets.info(datasetId);
      return { job: core.jobs.start('inference.run', { model, modelsDir, datasetId, split }) };
    },
  };
}
