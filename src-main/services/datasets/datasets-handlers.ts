import path from 'node:path';
import type { DomainHandlers } from '../../api/contract';
import { AppError } from '../../api/errors';
import type { AppCore } from '../../app/app-core';
import { CatalogDatasetAccess } from './catalog-access';
import { registerDatasetMedia } from './dataset-media';
import { detectLayout } from './detect-layout';
import { labelKindOf } from './dataset-access';

/** The datasets domain in the host: catalog reads, open = index job, media routes. */
export function createDatasetsHandlers(core: AppCore): DomainHandlers<'datasets'> {
  const access = new CatalogDatasetAccess(core.db);
  const { catalog } = access;
  registerDatasetMedia(core.media, access);
  const summary = (id: number) => {
    const d = catalog.dataset(id);
    if (!d) throw new AppError('not_found', `No dataset with id ${id}.`, { fix: 'Open the dataset folder again.' });
    return { id: d.id, root: d.root, format: d.format, indexedAt: d.indexedAt, indexMs: d.indexMs, fatal: d.fatal };
  };
  return {
    'datasets.open': ({ root }) => {
      if (!path.isAbsolute(root)) throw new AppError('bad_input', `"${root}" is not an absolute path.`, { fix: 'Enter the full path of the dataset folder, e.g. /data/AVSBench-semantic.' });
      const abs = path.resolve(root);
      const format = detectLayout(abs);
      // Plain videos need ffmpeg from the first step: say so now, with the fix, rather than in a failed job.
      if (format === 'video-folder') access.ffmpeg();
      const datasetId = catalog.ensureDataset(abs, format);
      const job = core.jobs.start('datasets.index', { root: abs, datasetId });
      core.settings.update({ ui: { lastDatasetRoot: abs } });
      return { datasetId, job };
    },
    'datasets.list': () => catalog.datasets().reverse().map((d) => summary(d.id)),
    'datasets.info': ({ datasetId }) => {
      const info = access.info(datasetId);
      return { ...summary(datasetId), classes: info.classes, palette: info.palette, counts: { ...catalog.counts(datasetId), problems: catalog.problemCount(datasetId) } };
    },
    'datasets.videos': ({ datasetId, ...q }) => {
      access.info(datasetId);
      return catalog.videos(datasetId, q);
    },
    'datasets.video': ({ datasetId, subset, uid }) => {
      const v = catalog.video(datasetId, subset, uid);
      if (!v) throw new AppError('not_found', `Video ${subset}/${uid} is not in dataset ${datasetId}.`);
      return { ...v, labelKind: labelKindOf(access.info(datasetId).format, v.labelFrames.length > 0) };
    },
    'datasets.errors': ({ datasetId, limit }) => catalog.errors(datasetId, limit),
  };
}
