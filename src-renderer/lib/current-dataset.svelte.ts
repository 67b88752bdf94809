import type { MethodOutput } from '../../src-main/api/contract';
import { call } from './api';

type DatasetInfo = MethodOutput<'datasets.info'>;

/** The dataset the user opened last: panels (viewer, flow, runs, prompts, training) default to it. */
export const currentDataset = $state<{ id: number | null; info: DatasetInfo | null }>({ id: null, info: null });

/** Switches to dataset `id` at once; its info lands only if no other dataset was chosen meanwhile. */
export async function selectDataset(id: number): Promise<DatasetInfo> {
  currentDataset.id = id;
  const info = await call('datasets.info', { datasetId: id });
  if (currentDataset.id === id) currentDataset.info = info;
  return info;
}
