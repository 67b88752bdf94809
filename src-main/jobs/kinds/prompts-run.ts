import { PromptRunParams } from '../../api/contracts/prompts';
import { defineJobKind } from '../job-kind';

export const promptsRunJob = defineJobKind({
  kind: 'prompts.run',
  description: 'Asks a provider Q1 then Q2 (with A1) about each video of a dataset selection; answers cached per template version, failures recorded per video.',
  params: PromptRunParams,
  title: (p) => `Prompts: template ${p.templateId} on dataset ${p.datasetId}${p.split ? ` (${p.split})` : ''}`,
  async run(ctx) {
    const { CatalogDatasetAccess } = await import('../../services/datasets/catalog-access');
    const { FileKeySecretStore } = await import('../../services/prompts/secret-store');
    const { runPrompts } = await import('../../services/prompts/run-prompts');
    const db = ctx.db();
    // Workers open keys with the data folder's key file (see docs/prompts.md on the Electron keychain).
    return runPrompts(db, new CatalogDatasetAccess(db), new FileKeySecretStore(ctx.dataDir), ctx.params, ctx);
  },
});
