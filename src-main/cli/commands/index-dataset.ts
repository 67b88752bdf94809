import path from 'node:path';
import { defineCommand } from '../command';
import { allMigrations } from '../../app/migrations';
import { appDbPath, resolveDataDir } from '../../app/data-dir';
import { openDatabase } from '../../store/db';
import { CatalogDatasetAccess } from '../../services/datasets/catalog-access';
import { detectLayout } from '../../services/datasets/detect-layout';
import { indexDataset } from '../../services/datasets/index-dataset';

export const indexCommand = defineCommand({
  name: 'index',
  summary: 'Index a dataset folder (AVSS, S4, MS3 or plain videos) into the catalog and list its problems.',
  usage: `ssp-studio index DIR [--data-dir DIR] [--json]

  Same catalog as the app: a later open in the UI re-reads only what changed. Prints one line per problem
  (file: message — fix); exits 1 when the dataset cannot be loaded at all.`,
  options: {
    'data-dir': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
  async run({ values, positionals }) {
    if (positionals.length !== 1) {
      console.error('index: give exactly one dataset folder.');
      return 2;
    }
    const root = path.resolve(positionals[0]);
    const db = openDatabase(appDbPath(resolveDataDir(values['data-dir'] as string | undefined)), allMigrations);
    try {
      const access = new CatalogDatasetAccess(db);
      const format = detectLayout(root);
      const datasetId = access.catalog.ensureDataset(root, format);
      const previous = access.catalog.videosByKey(datasetId);
      const t0 = performance.now();
      const result = await indexDataset(root, format, { previous, ffmpeg: () => access.ffmpeg(), onVideo: (d, n) => process.stderr.write(`\r${d}/${n} videos`) });
      process.stderr.write('\n');
      access.catalog.replaceIndex(datasetId, { ...result, ms: performance.now() - t0 });
      const problems = access.catalog.errors(datasetId);
      const summary = { datasetId, root, format, videos: result.videos.length, usable: result.videos.filter((v) => !v.error).length, problems: problems.length, seconds: (performance.now() - t0) / 1000 };
      if (values.json) console.log(JSON.stringify({ ...summary, errors: problems }));
      else {
        console.log(`${format.toUpperCase()} ${root}: ${summary.usable}/${summary.videos} videos usable, ${problems.length} problem(s), ${summary.seconds.toFixed(2)} s`);
        for (const p of problems) console.log(`  ${p.file}: ${p.message} — ${p.fix}`);
      }
      return result.fatal ? 1 : 0;
    } finally {
      db.close();
    }
  },
});
