import path from 'node:path';
import sharp from 'sharp';
import { AppError } from '../../api/errors';
import { avssPalette } from '../../core/metrics/avss-palette';
import { isInside } from '../fs/confine';
import { writeFileAtomic } from '../fs/atomic';
import type { DatasetInfo } from '../datasets/dataset-access';
import type { AnnotationStore } from './annotation-store';

/**
 * Writes every corrected mask of a dataset in AVSBench format under `out`: AVSS as
 * <subset>/<uid>/labels_semantic/<t>.png (class indices) + labels_rgb/<t>.png (palette colours);
 * binary datasets as <subset>/<uid>/<t>.png with 0/255. Refuses to write inside the dataset itself.
 */
export async function exportAnnotations(store: AnnotationStore, info: DatasetInfo, out: string): Promise<{ files: number; frames: number }> {
  if (!path.isAbsolute(out)) throw new AppError('bad_input', `"${out}" is not an absolute path.`, { fix: 'Give the full path of the export folder.' });
  if (isInside(info.root, path.resolve(out))) {
    throw new AppError('bad_input', `${out} is inside the dataset; exporting there would overwrite the dataset's own labels.`, { fix: 'Choose a folder outside the dataset.' });
  }
  const palette = avssPalette(Math.max(2, info.classes.length, 256));
  let files = 0;
  let frames = 0;
  for (const v of store.edited(info.id)) {
    for (const t of v.frames) {
      const m = store.mask({ datasetId: info.id, subset: v.subset, uid: v.uid, t })!;
      const raw = (channels: 1 | 3) => ({ raw: { width: m.width, height: m.height, channels } });
      const dir = path.join(out, v.subset, v.uid);
      if (info.format === 'avss') {
        const colour = new Uint8Array(m.data.length * 3);
        for (let i = 0; i < m.data.length; i++) colour.set(palette[m.data[i]], 3 * i);
        writeFileAtomic(path.join(dir, 'labels_semantic', `${t}.png`), await sharp(m.data, raw(1)).toColourspace('b-w').png().toBuffer());
        writeFileAtomic(path.join(dir, 'labels_rgb', `${t}.png`), await sharp(colour, raw(3)).png().toBuffer());
        files += 2;
      } else {
        const binary = Uint8Array.from(m.data, (x) => (x ? 255 : 0));
        writeFileAtomic(path.join(dir, `${t}.png`), await sharp(binary, raw(1)).toColourspace('b-w').png().toBuffer());
        files += 1;
      }
      frames++;
    }
  }
  return { files, frames };
}
