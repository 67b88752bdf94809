import type { FlowSelection } from '../../api/contracts/flow';
import { AppError } from '../../api/errors';
import type { DatasetAccess } from '../datasets/dataset-access';
import { AvssFolderAccess } from './avss-folder-access';

const folders = new Map<string, AvssFolderAccess>();

/**
 * The dataset a flow call or job reads, in the host and in job workers alike: an AVSS-layout folder given by `root`
 * (read once per process), else the app's dataset catalog.
 */
export function datasetAccessFor(source: Pick<FlowSelection, 'datasetId' | 'root'>): DatasetAccess {
  if (source.root) {
    const key = `${source.datasetId}\0${source.root}`;
    let access = folders.get(key);
    if (!access) folders.set(key, (access = new AvssFolderAccess(source.root, source.datasetId)));
    return access;
  }
  throw new AppError('unavailable', `Dataset ${source.datasetId} cannot be read by the flow tools yet: the dataset catalog is not part of this build.`, {
    fix: 'Pass the dataset folder as "root".',
  });
}
