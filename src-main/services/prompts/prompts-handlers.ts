import path from 'node:path';
import type { DomainHandlers } from '../../api/contract';
import type { AppCore } from '../../app/app-core';
import { buildLexicon } from '../../core/prompts/lexicon';
import { lineDiff } from '../../core/prompts/line-diff';
import { auditRows, auditSummary, compareVersions, latestAnswers, versionsWithAnswers } from './audit-queries';
import { exportAnswers } from './export-answers';
import { getProvider, listProviders, saveProvider } from './provider-store';
import { FileKeySecretStore, type SecretStore } from './secret-store';
import { getTemplate, listTemplates, saveTemplate } from './template-store';

/**
 * The prompt lab's API. `secrets` seals provider keys: the Electron host passes a SafeStorageSecretStore,
 * web mode uses the data folder's 0600 key file.
 */
export function createPromptsHandlers(core: AppCore, secrets: SecretStore = new FileKeySecretStore(core.dataDir)): DomainHandlers<'prompts'> {
  const { db } = core;
  // The dataset's own class names join the AVSS vocabulary (S4 categories, synthetic classes).
  const lexiconOf = (datasetId: number) => {
    try {
      return buildLexicon(core.datasets.info(datasetId).classes);
    } catch {
      return buildLexicon();
    }
  };
  return {
    'prompts.templates': () => listTemplates(db),
    'prompts.saveTemplate': (t) => saveTemplate(db, t),
    'prompts.diff': ({ a, b }) => {
      const [ta, tb] = [getTemplate(db, a), getTemplate(db, b)];
      const fields = { temperature: [ta.sampling.temperature, tb.sampling.temperature], maxTokens: [ta.sampling.maxTokens, tb.sampling.maxTokens], topP: [ta.sampling.topP, tb.sampling.topP], frameCount: [ta.frames.count, tb.frames.count], frameSize: [ta.frames.size, tb.frames.size] };
      return {
        q1: lineDiff(ta.q1, tb.q1),
        q2: lineDiff(ta.q2, tb.q2),
        settings: Object.entries(fields).filter(([, [x, y]]) => x !== y).map(([field, [x, y]]) => ({ field, a: x, b: y })),
      };
    },
    'prompts.providers': () => listProviders(db),
    'prompts.saveProvider': (p) => saveProvider(db, p, secrets),
    'prompts.run': (p) => {
      const t = getTemplate(db, p.templateId);
      getProvider(db, p.providerId);
      core.datasets.info(p.datasetId);
      return core.jobs.start('prompts.run', p, `Prompts ${t.name} v${t.version} on dataset ${p.datasetId}${p.split ? ` (${p.split})` : ''}`);
    },
    'prompts.answers': (s) => latestAnswers(db, s).map((r) => ({ subset: r.subset, uid: r.uid, a1: r.a1, a2: r.a2, model: r.model, endpoint: r.endpoint, ms: r.ms, createdAt: r.created_at })),
    'prompts.audit': (s) => {
      const lex = lexiconOf(s.datasetId);
      const rows = auditRows(db, s, lex);
      const versions = versionsWithAnswers(db, s.datasetId, s.providerId).map((v) => ({ ...v, summary: auditSummary(auditRows(db, { ...s, templateId: v.templateId }, lex)) }));
      return { summary: auditSummary(rows), rows, versions };
    },
    'prompts.compare': ({ datasetId, providerId, a, b }) => {
      const lex = lexiconOf(datasetId);
      return { rows: compareVersions(auditRows(db, { datasetId, providerId, templateId: a }, lex), auditRows(db, { datasetId, providerId, templateId: b }, lex)) };
    },
    'prompts.export': ({ file, ...s }) => {
      const t = getTemplate(db, s.templateId);
      const name = `${t.name.replace(/[^\w.-]+/g, '_')}-v${t.version}-dataset${s.datasetId}`;
      return exportAnswers(db, core.datasets, s, file ?? path.join(core.dataDir, 'exports', 'prompts', name, 'answers.json'));
    },
  };
}
