import type { Migration } from '../store/migrations';
import { settingsMigrations } from '../services/settings/settings-migrations';
import { jobMigrations } from '../jobs/job-migrations';
import { datasetsMigrations } from '../services/datasets/datasets-migrations';
import { annotationsMigrations } from '../services/annotations/annotations-migrations';
import { trainingMigrations } from '../services/training/training-migrations';
import { flowMigrations } from '../services/flow/flow-migrations';
import { metricsMigrations } from '../services/metrics/metrics-migrations';
import { promptsMigrations } from '../services/prompts/prompts-migrations';
import { fsMigrations } from '../services/fs/fs-migrations';

/** Every domain's schema migrations; each domain numbers its own. */
export const allMigrations: Migration[] = [...settingsMigrations, ...jobMigrations, ...datasetsMigrations, ...annotationsMigrations, ...trainingMigrations, ...flowMigrations, ...metricsMigrations, ...promptsMigrations, ...fsMigrations];
