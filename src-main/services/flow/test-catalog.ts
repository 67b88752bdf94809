import { CatalogDatasetAccess } from '../datasets/catalog-access';
import { Catalog } from '../datasets/catalog';
import { indexAvss } from '../datasets/avss-reader';
import type { Db } from '../../store/db';

/** Indexes an AVSS-layout folder into the catalog in this process (what the datasets.index job does), for tests. */
export function indexForTest(db: Db, root: string): { access: CatalogDatasetAccess; datasetId: number } {
  const catalog = new Catalog(db);
  const datasetId = catalog.ensureDataset(root, 'avss');
  catalog.replaceIndex(datasetId, { ...indexAvss(root, new Map()), ms: 0 });
  return { access: new CatalogDatasetAccess(db), datasetId };
}
