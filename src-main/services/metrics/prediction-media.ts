import fs from 'node:fs';
import { AppError } from '../../api/errors';
import type { MediaRoutes } from '../../app/media-routes';
import type { Db } from '../../store/db';
import { resolveInside } from '../fs/confine';
import { readableFolderCheck } from '../fs/read-grants';
import { runSummary } from './run-queries';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * `metrics/prediction?runId&subset&uid&t`: the prediction PNG a run was scored on (probabilities 0..255 for
 * S4/MS3-style runs, class indices for AVSS runs). The run's folder is user-supplied, so it is served only when it
 * lies in the data folder (in-app inference) or was explicitly imported (a read grant), only as <t>.png inside it
 * (no links out), and only when the file really is a PNG.
 */
export function registerPredictionMedia(media: MediaRoutes, db: Db, dataDir: string): void {
  const readableFolder = readableFolderCheck(db, dataDir);
  media.register('metrics/prediction', (p) => {
    const runId = Number(p.get('runId'));
    const t = Number(p.get('t'));
    const subset = p.get('subset') ?? '';
    const uid = p.get('uid') ?? '';
    if (!Number.isInteger(runId) || !Number.isInteger(t) || t < 0 || !subset || !uid) throw new AppError('validation', 'Prediction request needs runId, subset, uid and t.');
    const run = runSummary(db, runId);
    if (!run.source.path) throw new AppError('not_found', `Run ${run.name} has no prediction folder.`);
    const file = resolveInside(readableFolder(run.source.path), `${subset}/${uid}/${t}.png`);
    if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) throw new AppError('not_found', `Run ${run.name} has no prediction for ${subset}/${uid} frame ${t}.`);
    const body = fs.readFileSync(file);
    if (!body.subarray(0, 8).equals(PNG_SIGNATURE)) throw new AppError('forbidden', `${subset}/${uid}/${t}.png of run ${run.name} is not a PNG image.`, { file });
    return { contentType: 'image/png', body, maxAge: 0 };
  });
}
