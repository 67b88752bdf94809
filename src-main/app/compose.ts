import fs from 'node:fs';
import path from 'node:path';
import type { Handlers } from '../api/contract';
import { createDispatch, type Dispatch } from '../api/dispatch';
import { EventBus } from '../api/events';
import { openDatabase, type Db } from '../store/db';
import { allMigrations } from './migrations';
import { MediaRoutes } from './media-routes';
import { appDbPath } from './data-dir';
import type { AppCore } from './app-core';
import { appVersion, projectRoot } from './project-root';
import { CatalogDatasetAccess, defaultCacheDir } from '../services/datasets/catalog-access';
import { sweepStaleTemps } from '../services/fs/temp-files';
import { createDatasetsHandlers } from '../services/datasets/datasets-handlers';
import { createAnnotationsHandlers } from '../services/annotations/annotations-handlers';
import { createTrainingHandlers } from '../services/training/training-handlers';
import { createInferenceHandlers } from '../services/inference/inference-handlers';
import { registerPredictionMedia } from '../services/metrics/prediction-media';
import { SettingsService } from '../services/settings/settings-service';
import { JobRunner } from '../jobs/job-runner';
import { createFlowHandlers } from '../services/flow/flow-handlers';
import { createMetricsHandlers } from '../services/metrics/metrics-handlers';
import { createPromptsHandlers } from '../services/prompts/prompts-handlers';
import type { SecretStore } from '../services/prompts/secret-store';
import { electronCheck, ffmpegCheck, onnxRuntimeCheck, pythonCheck, type DependencyCheck } from '../services/system/dependency-checks';

export { projectRoot } from './project-root';

export interface AppOptions {
  dataDir: string;
  host: 'electron' | 'web';
  jobConcurrency?: number;
  /** Seals provider API keys; the Electron host passes its keychain store. Default: the data folder's key file. */
  secrets?: SecretStore;
  /** A native folder dialog (the Electron host's): the chosen folder, or null when cancelled. */
  pickFolder?: (title: string) => Promise<string | null>;
}

export interface App {
  db: Db;
  events: EventBus;
  media: MediaRoutes;
  dispatch: Dispatch;
  jobs: JobRunner;
  settings: SettingsService;
  /** The start-up sweep of temp files a crash left in the caches: the paths it removed. */
  tempSweep: Promise<string[]>;
  dispose(): void;
}

/** Temp entries older than this go even when a process with their pid is running (pids get reused). */
const TEMP_MAX_AGE_MS = 60 * 60 * 1000;

/**
 * The composition root: builds every service once and binds the API contract to them.
 * Both hosts and the CLI call this; nothing else constructs services.
 */
export function createApp(options: AppOptions): App {
  fs.mkdirSync(options.dataDir, { recursive: true });
  const db = openDatabase(appDbPath(options.dataDir), allMigrations);
  const events = new EventBus();
  const media = new MediaRoutes();
  const settings = new SettingsService(db, events);
  const jobs = new JobRunner(db, events, { dataDir: options.dataDir, concurrency: options.jobConcurrency ?? settings.get().jobs.concurrency, secrets: options.secrets });
  const dependencyChecks: DependencyCheck[] = [
    electronCheck,
    onnxRuntimeCheck,
    () => pythonCheck(settings.get().tools.pythonPath, projectRoot)(),
    () => ffmpegCheck(settings.get().tools.ffmpegPath)(),
  ];

  const core: AppCore = { db, events, media, jobs, settings, datasets: new CatalogDatasetAccess(db), dataDir: options.dataDir, host: options.host };

  const handlers: Handlers = {
    'system.info': () => ({ version: appVersion, host: options.host, dataDir: options.dataDir, platform: `${process.platform}-${process.arch}`, folderDialog: !!options.pickFolder }),
    'system.pickFolder': async ({ title }) => (options.pickFolder ? { available: true, path: await options.pickFolder(title ?? 'Open a dataset folder') } : { available: false, path: null }),
    'system.dependencies': () => Promise.all(dependencyChecks.map((c) => c())),
    'settings.get': () => settings.get(),
    'settings.update': (patch) => settings.update(patch),
    'jobs.list': ({ kind, limit }) => jobs.list(kind, limit),
    'jobs.get': ({ id }) => jobs.get(id),
    'jobs.start': ({ kind, params, title }) => jobs.start(kind, params, title),
    'jobs.cancel': ({ id }) => jobs.cancel(id),
    'jobs.resume': ({ id }) => jobs.resume(id),
    'jobs.logs': ({ id, afterSeq, limit }) => jobs.logs(id, afterSeq, limit),
    'jobs.kinds': () => jobs.kinds(),
    // One line per domain: ...createXHandlers(core),
    ...createDatasetsHandlers(core),
    ...createAnnotationsHandlers(core),
    ...createTrainingHandlers(core),
    ...createInferenceHandlers(core),
    ...createFlowHandlers(core),
    ...createMetricsHandlers(core),
    ...createPromptsHandlers(core, options.secrets),
  };

  registerPredictionMedia(media, db, options.dataDir);

  // In the background, so start-up does not wait on a walk of the caches; live writers' temps are kept. Depths are
  // the writers' layouts: derived media <2 hex>/<key>/<entry>, flow {fields,masks}/<key>/<file>, predictions
  // <run>/<subset>/<uid>/<t>.png.
  const cacheRoots = [
    { dir: defaultCacheDir(db), depth: 2 },
    { dir: path.join(options.dataDir, 'flow'), depth: 2 },
    { dir: path.join(options.dataDir, 'predictions'), depth: 3 },
  ];
  const tempSweep = sweepStaleTemps(cacheRoots, { maxAgeMs: TEMP_MAX_AGE_MS }).catch((err) => {
    console.error('[app] temp sweep failed:', err);
    return [];
  });

  const dispatch = createDispatch(handlers, (method, err) => {
    console.error(`[api] ${method} failed:`, err);
  });

  return {
    db,
    events,
    media,
    dispatch,
    jobs,
    settings,
    tempSweep,
    dispose() {
      jobs.dispose();
      db.close();
    },
  };
}
