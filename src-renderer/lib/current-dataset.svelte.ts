import type { MethodOutput } from '../../src-main/api/contract';
import { call } from './api';

type DatasetInfo = MethodOutput<'datasets.info'>;

/** The dataset the user opened last: panels (viewer, flow, runs, prompts, training) default to it. */
export const currentDataset = $state<{ id: number | null; info: DatasetInfo | null }>({ id: null, info: null });

export async function selectDataset(id: number): Promise<DatasetInfo> {
  const info = await call('datasets.info', { datasetId: id });
  currentDataset.id = id;
  currentDataset.info = info;
  return info;
}
