import type { DomainHandlers } from '../../api/contract';
import type { AppCore } from '../../app/app-core';
import { AnnotationStore } from './annotation-store';
import { exportAnnotations } from './export-annotations';

export function createAnnotationsHandlers(core: AppCore): DomainHandlers<'annotations'> {
  const store = new AnnotationStore(core.db);
  return {
    'annotations.get': (k) => store.get(k),
    'annotations.save': ({ width, height, rle, ...k }) => {
      const r = store.save(k, width, height, rle);
      core.events.emit({ type: 'data.changed', domain: 'annotations' });
      return r;
    },
    'annotations.edited': ({ datasetId, subset, uid }) => store.edited(datasetId, subset && uid ? { subset, uid } : undefined),
    'annotations.export': async ({ datasetId, out }) => ({ ...(await exportAnnotations(store, core.datasets.info(datasetId), out)), out }),
  };
}
