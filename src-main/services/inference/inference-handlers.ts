import type { DomainHandlers } from '../../api/contract';
import type { AppCore } from '../../app/app-core';
import { ModelRegistry } from '../models/model-registry';
import { defaultModelsDir } from '../models/models-dir';
import { checkInferenceInputs, inferenceNeeds, trainedAnswersFile, unsupportedInputs } from './run-inference';

export function createInferenceHandlers(core: AppCore, modelsDir = defaultModelsDir): DomainHandlers<'inference'> {
  const registry = new ModelRegistry(modelsDir);
  return {
    'inference.models': () =>
      registry.list().map((e) =>
        'problem' in e
          ? { name: e.name, problem: e.problem, task: null, numClasses: null, inputs: [], outputs: [], trainedWith: null, parityMaxAbsDiff: null, needs: { answers: false, stage1: false }, trainedAnswersFile: null }
          : {
              name: e.name,
              problem: unsupportedInputs(e.manifest),
              task: e.manifest.task,
              numClasses: e.manifest.numClasses,
              inputs: e.manifest.inputs,
              outputs: e.manifest.outputs,
              trainedWith: e.manifest.trainedWith,
              parityMaxAbsDiff: e.manifest.parityMaxAbsDiff,
              needs: inferenceNeeds(e.manifest),
              trainedAnswersFile: trainedAnswersFile(e.manifest),
            },
      ),
    'inference.start': ({ model, datasetId, split, answersFile, stage1Model }) => {
      const entry = registry.get(model);
      const needs = inferenceNeeds(entry.manifest);
      // Only what the model takes travels to the job (an answers file given for a model without text is ignored).
      const extra = { ...(needs.answers && answersFile ? { answersFile } : {}), ...(needs.stage1 && stage1Model ? { stage1Model } : {}) };
      checkInferenceInputs(entry, { answersFile: extra.answersFile, stage1: extra.stage1Model ? registry.get(extra.stage1Model) : undefined });
      core.datasets.info(datasetId);
      return { job: core.jobs.start('inference.run', { model, modelsDir, datasetId, split, ...extra }) };
    },
  };
}
