import type { Migration } from '../store/migrations';
import { settingsMigrations } from '../services/settings/settings-migrations';
import { jobMigrations } from '../jobs/job-migrations';

/** Every domain's schema migrations; each domain numbers its own. */
export const allMigrations: Migration[] = [...settingsMigrations, ...jobMigrations];
