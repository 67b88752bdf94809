import fs from 'node:fs';
import { AppError } from '../../api/errors';
import type { MediaRoutes } from '../../app/media-routes';
import type { Db } from '../../store/db';
import { resolveInside } from '../fs/confine';
import { runSummary } from './run-queries';

/**
 * `metrics/prediction?runId&subset&uid&t`: the prediction PNG a run was scored on (probabilities 0..255 for
 * S4/MS3-style runs, class indices for AVSS runs), confined to the run's prediction folder. The viewer draws it as
 * a heat map, a thresholded mask and FP/FN against the GT.
 */
export function registerPredictionMedia(media: MediaRoutes, db: Db): void {
  media.register('metrics/prediction', (p) => {
    const runId = Number(p.get('runId'));
    const t = Number(p.get('t'));
    const subset = p.get('subset') ?? '';
    const uid = p.get('uid') ?? '';
    if (!Number.isInteger(runId) || !Number.isInteger(t) || t < 0 || !subset || !uid) throw new AppError('validation', 'Prediction request needs runId, subset, uid and t.');
    const run = runSummary(db, runId);
    if (!run.source.path) throw new AppError('not_found', `Run ${run.name} has no prediction folder.`);
    const file = resolveInside(run.source.path, `${subset}/${uid}/${t}.png`);
    if (!fs.existsSync(file)) throw new AppError('not_found', `Run ${run.name} has no prediction for ${subset}/${uid} frame ${t}.`);
    return { contentType: 'image/png', body: fs.readFileSync(file), maxAge: 0 };
  });
}
