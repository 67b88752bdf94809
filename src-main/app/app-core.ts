import type { Db } from '../store/db';
import type { EventBus } from '../api/events';
import type { MediaRoutes } from './media-routes';
import type { JobRunner } from '../jobs/job-runner';
import type { SettingsService } from '../services/settings/settings-service';
import type { DatasetAccess } from '../services/datasets/dataset-access';

/**
 * The shared services every domain builds on. A domain exposes
 * `create<Domain>Handlers(core, ...): DomainHandlers<'<domain>'>` (often in services/<domain>/<domain>-handlers.ts)
 * and registers media routes on `core.media`; compose.ts spreads the handlers into the contract's implementation.
 */
export interface AppCore {
  db: Db;
  events: EventBus;
  media: MediaRoutes;
  jobs: JobRunner;
  settings: SettingsService;
  /** Opened datasets' videos and files (implemented over the catalog by the datasets domain). */
  datasets: DatasetAccess;
  dataDir: string;
  host: 'electron' | 'web';
}
