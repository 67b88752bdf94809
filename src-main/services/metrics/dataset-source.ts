import type { Db } from '../../store/db';
import { CatalogDatasetAccess } from '../datasets/catalog-access';
import type { DatasetAccess } from '../datasets/dataset-access';
import { AvssFolderAccess } from '../flow/avss-folder-access';

/**
 * The dataset an evaluation reads its GT from: the app's dataset catalog, or an AVSS-layout folder given directly
 * as `root` (a dataset that was never indexed, and the tests).
 */
export function metricsDatasetAccess(db: Db, source: { datasetId: number; root?: string }): DatasetAccess {
  return source.root ? new AvssFolderAccess(source.root, source.datasetId) : new CatalogDatasetAccess(db);
}
