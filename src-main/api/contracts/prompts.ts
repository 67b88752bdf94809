import { z } from 'zod';
import { method } from '../define';
import { JobRow } from './jobs';

export const Sampling = z.object({
  temperature: z.number().min(0).max(2),
  maxTokens: z.number().int().min(1).max(8192),
  topP: z.number().gt(0).max(1),
});
export const FramesToSend = z.object({
  /** Frames spread evenly over the video. */
  count: z.number().int().min(1).max(32),
  /** Longest side in px after resizing. */
  size: z.number().int().min(32).max(2048),
});

export const TemplateInput = z.object({
  name: z.string().trim().min(1).max(100),
  q1: z.string().trim().min(1).max(20_000),
  q2: z.string().trim().min(1).max(20_000).refine((s) => s.includes('{A1}'), { message: 'Q2 must contain the {A1} slot where the answer to Q1 goes.' }),
  sampling: Sampling,
  frames: FramesToSend,
  note: z.string().max(2000).default(''),
});
export const Template = TemplateInput.extend({ id: z.number().int(), version: z.number().int(), createdAt: z.number() });
export type Template = z.infer<typeof Template>;

export const ProviderInput = z.object({
  /** Absent: a new provider. */
  id: z.number().int().positive().optional(),
  name: z.string().trim().min(1).max(100),
  baseUrl: z.string().trim().url().refine((u) => /^https?:\/\//.test(u), { message: 'The base URL must start with http:// or https://.' }),
  model: z.string().trim().min(1).max(200),
  /** Write-only. Absent: keep the stored key; null or '': remove it. Never returned by the API. */
  apiKey: z.string().max(4096).nullable().optional(),
  timeoutMs: z.number().int().min(100).max(600_000).default(60_000),
  retries: z.number().int().min(0).max(10).default(2),
  concurrency: z.number().int().min(1).max(32).default(2),
});
export const Provider = ProviderInput.omit({ apiKey: true }).extend({ id: z.number().int(), hasKey: z.boolean() });
export type Provider = z.infer<typeof Provider>;

export const VideoKey = z.object({ subset: z.string(), uid: z.string() });

export const PromptRunParams = z.object({
  templateId: z.number().int().positive(),
  providerId: z.number().int().positive(),
  datasetId: z.number().int().positive(),
  split: z.enum(['train', 'val', 'test']).optional(),
  /** A selection of videos; all of the split when absent. */
  videos: z.array(VideoKey).max(100_000).optional(),
  /** Backoff before the first retry (doubles each retry); small in tests. */
  backoffMs: z.number().int().min(0).max(60_000).default(1000),
});
export type PromptRunParams = z.infer<typeof PromptRunParams>;

const Scope = z.object({ datasetId: z.number().int().positive(), providerId: z.number().int().positive().optional() });

export const AuditRow = VideoKey.extend({
  a1: z.string().nullable(),
  a2: z.string().nullable(),
  error: z.string().nullable(),
  nouns: z.array(z.string()),
  gt: z.array(z.string()),
  precision: z.number().nullable(),
  recall: z.number().nullable(),
  uselessWords: z.number().nullable(),
  a1Words: z.number().nullable(),
  a2Words: z.number().nullable(),
});
export type AuditRow = z.infer<typeof AuditRow>;

export const AuditSummary = z.object({
  videos: z.number().int(),
  failed: z.number().int(),
  precision: z.number().nullable(),
  recall: z.number().nullable(),
  uselessWords: z.number().nullable(),
  a1Words: z.number().nullable(),
  a2Words: z.number().nullable(),
});
export const VersionSummary = z.object({ templateId: z.number().int(), name: z.string(), version: z.number().int(), summary: AuditSummary });

const DiffLine = z.object({ op: z.enum(['same', 'add', 'del']), text: z.string() });
const CompareSide = AuditRow.pick({ a1: true, a2: true, error: true, nouns: true, precision: true, recall: true, uselessWords: true });

export const promptsContract = {
  'prompts.templates': method(z.object({}), z.array(Template), 'Every template version, newest first.'),
  'prompts.saveTemplate': method(TemplateInput, Template, 'Save a template as a new version of its name (versions are never overwritten).'),
  'prompts.diff': method(
    z.object({ a: z.number().int(), b: z.number().int() }),
    z.object({ q1: z.array(DiffLine), q2: z.array(DiffLine), settings: z.array(z.object({ field: z.string(), a: z.unknown(), b: z.unknown() })) }),
    'Line diff of Q1 and Q2 between two template versions, and the sampling/frame settings that differ.',
  ),
  'prompts.providers': method(z.object({}), z.array(Provider), 'Configured providers (never their API keys).'),
  'prompts.saveProvider': method(ProviderInput, Provider, 'Create or update a provider; the API key is sealed (OS keychain or a 0600 key file) and never returned.'),
  'prompts.run': method(PromptRunParams, JobRow, "Queue a 'prompts.run' job: Q1 then Q2 per video, cached answers reused."),
  'prompts.answers': method(
    Scope.extend({ templateId: z.number().int().positive() }),
    z.array(VideoKey.extend({ a1: z.string(), a2: z.string(), model: z.string(), endpoint: z.string(), ms: z.number(), createdAt: z.number() })),
    'Cached answers of a template version on a dataset (latest per video).',
  ),
  'prompts.audit': method(
    Scope.extend({ templateId: z.number().int().positive() }),
    z.object({ summary: AuditSummary, rows: z.array(AuditRow), versions: z.array(VersionSummary) }),
    'Per-video audit (A2 nouns, precision/recall vs GT classes, A1 useless words, lengths), its averages, and the averages of every version run on the dataset.',
  ),
  'prompts.compare': method(
    Scope.extend({ a: z.number().int().positive(), b: z.number().int().positive() }),
    z.object({ rows: z.array(VideoKey.extend({ a: CompareSide.nullable(), b: CompareSide.nullable(), gt: z.array(z.string()), disagreement: z.number() })) }),
    'Two template versions side by side per video, most disagreeing A2 nouns first (1 - Jaccard).',
  ),
  'prompts.export': method(
    Scope.extend({ templateId: z.number().int().positive(), file: z.string().min(1).optional() }),
    z.object({ file: z.string(), count: z.number().int(), missing: z.number().int() }),
    'Write answers.json for the engine ({"<subset>/<uid>": {"a1", "a2"}}) to a file (default: under the data folder).',
  ),
};
