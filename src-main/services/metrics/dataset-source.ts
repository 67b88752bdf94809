import { AppError } from '../../api/errors';
import type { DatasetAccess } from '../datasets/dataset-access';
import { AvssFolderAccess } from '../flow/avss-folder-access';

/**
 * The dataset an evaluation reads its GT from: an AVSS-layout folder given by `root`, until the dataset catalog's
 * DatasetAccess is part of the build (then this is the one place to switch).
 */
export function metricsDatasetAccess(source: { datasetId: number; root?: string }): DatasetAccess {
  if (source.root) return new AvssFolderAccess(source.root, source.datasetId);
  throw new AppError('unavailable', `Dataset ${source.datasetId} cannot be read for evaluation yet: the dataset catalog is not part of this build.`, {
    fix: 'Pass the dataset folder as "root".',
  });
}
