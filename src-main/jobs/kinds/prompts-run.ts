import { PromptRunParams } from '../../api/contracts/prompts';
import { defineJobKind } from '../job-kind';
import { sealedKeys } from '../../services/prompts/provider-store';

export const promptsRunJob = defineJobKind({
  kind: 'prompts.run',
  description: 'Asks a provider Q1 then Q2 (with A1) about each video of a dataset selection; answers cached per template version, failures recorded per video.',
  params: PromptRunParams,
  sealedSecrets: (p, db) => sealedKeys(db, p.providerId),
  title: (p) => `Prompts: template ${p.templateId} on dataset ${p.datasetId}${p.split ? ` (${p.split})` : ''}`,
  async run(ctx) {
    const { CatalogDatasetAccess } = await import('../../services/datasets/catalog-access');
    const { FileKeySecretStore, HandedSecretStore } = await import('../../services/prompts/secret-store');
    const { runPrompts } = await import('../../services/prompts/run-prompts');
    const db = ctx.db();
    // Keychain-sealed keys come opened from the host; file-sealed ones open with the data folder's key file.
    return runPrompts(db, new CatalogDatasetAccess(db), new HandedSecretStore(ctx.unsealed, new FileKeySecretStore(ctx.dataDir)), ctx.params, ctx);
  },
});
