import fs from 'node:fs';
import path from 'node:path';
import type { EvaluateParams, MetricKind } from '../../api/contracts/metrics';
import { AppError } from '../../api/errors';
import { avssPalette } from '../../core/metrics/avss-palette';
import { AVSS_CLASS_COUNT } from '../../core/metrics/semantic';
import type { Db } from '../../store/db';
import { AnnotationStore } from '../annotations/annotation-store';
import type { DatasetAccess, VideoFiles, VideoRef } from '../datasets/dataset-access';
import { grantRead } from '../fs/read-grants';
import { readGrayPng, readIndexPng, type Plane } from './png-io';
import { createRun, finishRun, loggedVideos, RunWriter, setRunState } from './run-store';
import { binaryVideoResult, semanticVideoResult, type VideoResult } from './video-result';

/** The metric kind of an evaluation: as asked, or from the GT kind of the split's first video. */
export async function resolveKind(access: DatasetAccess, p: Pick<EvaluateParams, 'datasetId' | 'split' | 'mode'>): Promise<MetricKind> {
  if (p.mode !== 'auto') return p.mode;
  const [first] = access.list(p.datasetId, p.split);
  if (!first) throw new AppError('bad_input', `Dataset ${p.datasetId} has no ${p.split ?? ''} videos to evaluate.`, { fix: 'Pick another split.' });
  return (await access.files(p.datasetId, first)).labelKind === 'semantic' ? 'semantic' : 'binary';
}

/** Creates the run row an evaluation of `p` writes into. */
export async function createFolderRun(db: Db, access: DatasetAccess, p: EvaluateParams, jobId: string | null = null): Promise<number> {
  if (!fs.statSync(p.predDir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new AppError('bad_input', `Prediction folder ${p.predDir} does not exist.`, { file: p.predDir, fix: 'Pick a folder laid out as <subset>/<uid>/<t>.png.' });
  }
  const kind = await resolveKind(access, p);
  const info = access.info(p.datasetId);
  // Importing a folder is the user's explicit grant for the viewer to read its PNGs (metrics/prediction).
  grantRead(db, p.predDir, 'prediction folder');
  return createRun(db, {
    name: p.name ?? `${path.basename(p.predDir)}${p.gt === 'corrected' ? ' (corrected GT)' : ''}`,
    kind,
    source: { type: 'folder', name: path.basename(p.predDir), path: p.predDir },
    datasetId: p.datasetId,
    datasetRoot: p.root ?? info.root,
    split: p.split ?? null,
    settings: { mode: p.mode, padTo: p.padTo, gt: p.gt },
    classNames: kind === 'semantic' ? info.classes : [],
    jobId,
  });
}

export interface EvaluateHooks {
  signal: AbortSignal;
  progress(done: number, total: number, message?: string): void;
  log(text: string, level?: 'info' | 'warn' | 'error'): void;
  /** Called after each batch of videos is safely in SQLite. */
  committed?(): void;
}

/** Prediction PNG of frame t, or null when the folder has none. */
function predictionFile(predDir: string, video: VideoRef, t: number): string | null {
  const file = path.join(predDir, video.subset, video.uid, `${t}.png`);
  return fs.existsSync(file) ? file : null;
}

function sameSize(pred: Plane, gt: Plane, file: string): void {
  if (pred.width !== gt.width || pred.height !== gt.height) {
    throw new AppError('bad_input', `${file} is ${pred.width}x${pred.height} but its GT is ${gt.width}x${gt.height}.`, { file, fix: `Save predictions at the GT size ${gt.width}x${gt.height}.` });
  }
}

interface ScoreOptions {
  kind: MetricKind;
  predDir: string;
  palette: [number, number, number][];
  classCount: number;
  padTo: number;
}

/** The latest corrected mask of each edited frame of a video, by frame index; empty without a store. */
function correctedMasks(store: AnnotationStore | null, datasetId: number, { subset, uid }: VideoRef): Map<number, Plane> {
  const masks = new Map<number, Plane>();
  for (const t of store?.edited(datasetId, { subset, uid })[0]?.frames ?? []) masks.set(t, store!.mask({ datasetId, subset, uid, t })!);
  return masks;
}

async function scoreVideo(files: VideoFiles, { kind, predDir, palette, classCount, padTo }: ScoreOptions, corrected: ReadonlyMap<number, Plane>): Promise<VideoResult | string> {
  // Official AVSS test: short videos are padded to 10 frames whose GT is all background, and those frames are scored.
  const padded = kind === 'semantic' ? padTo : 0;
  const length = Math.max(files.labels.length, padded, ...[...corrected.keys()].map((t) => t + 1));
  const gtFrames = Array.from({ length }, (_, t) => ({ t, label: files.labels[t] ?? null })).filter(
    ({ t, label }) => label || corrected.has(t) || (t >= files.labels.length && t < padded),
  );
  if (!gtFrames.some(({ t, label }) => label || corrected.has(t))) return 'no GT frames';
  // Frames the dataset labels need a prediction; edited or padded frames it does not label count where one exists.
  const missing = gtFrames.filter(({ t, label }) => label && !predictionFile(predDir, files, t));
  if (missing.length) return `no prediction for frame(s) ${missing.map((m) => m.t).join(', ')}`;
  const key = { subset: files.subset, uid: files.uid };
  const read = kind === 'binary' ? readGrayPng : (file: string) => readIndexPng(file, palette);
  const frames = await Promise.all(
    gtFrames.flatMap(({ t, label }) => {
      const file = predictionFile(predDir, files, t);
      if (!file) return [];
      return Promise.all([read(file), corrected.get(t) ?? (label ? read(label) : null)]).then(([pred, gt]) => {
        const truth = gt ?? { width: pred.width, height: pred.height, data: new Uint8Array(pred.data.length) };
        sameSize(pred, truth, file);
        return { t, pred: pred.data, gt: truth.data };
      });
    }),
  );
  return kind === 'binary' ? binaryVideoResult(key, frames.map(({ t, pred, gt }) => ({ t, prob: pred, gt }))) : semanticVideoResult(key, frames, classCount);
}

/** `gt` may be left out by callers that log their own runs (the inference job): they score the dataset's labels. */
export type FolderEvaluation = Omit<EvaluateParams, 'gt'> & Partial<Pick<EvaluateParams, 'gt'>>;

/**
 * Evaluates every video of the split that has predictions under `predDir` into run `runId`. Videos already in
 * the run are skipped, so a cancelled or crashed evaluation resumes where its last committed batch ended.
 * Videos without predictions (or with unreadable ones) are logged and counted as skipped.
 */
export async function evaluateFolder(db: Db, access: DatasetAccess, p: FolderEvaluation, runId: number, hooks: EvaluateHooks) {
  const { kind } = db.prepare('SELECT kind FROM metrics_runs WHERE id = ?').get(runId) as { kind: MetricKind };
  const info = access.info(p.datasetId);
  // The dataset's own class list (label2idx); the AVSS 71 when it ships none.
  const classCount = info.classes.length || AVSS_CLASS_COUNT;
  const palette = info.palette.length ? info.palette : avssPalette(classCount);
  const options: ScoreOptions = { kind, predDir: p.predDir, palette, classCount, padTo: p.padTo };
  const videos = access.list(p.datasetId, p.split);
  const store = p.gt === 'corrected' ? new AnnotationStore(db) : null;
  let correctedFrames = 0;
  const done = loggedVideos(db, runId);
  const writer = new RunWriter(db, runId, 32);
  setRunState(db, runId, 'running');
  let skipped = 0;
  let processed = done.size;
  const flush = () => {
    writer.flush();
    hooks.committed?.();
  };
  if (done.size) hooks.log(`resuming: ${done.size} videos already evaluated`);
  for (const video of videos) {
    if (done.has(`${video.subset}/${video.uid}`)) continue;
    if (hooks.signal.aborted) {
      flush();
      setRunState(db, runId, 'cancelled', skipped);
      throw new AppError('cancelled', `Evaluation cancelled after ${processed} of ${videos.length} videos.`);
    }
    let outcome: VideoResult | string;
    try {
      if (!fs.existsSync(path.join(p.predDir, video.subset, video.uid))) outcome = 'no prediction folder';
      else {
        const corrected = correctedMasks(store, p.datasetId, video);
        outcome = await scoreVideo(await access.files(p.datasetId, video), options, corrected);
        if (typeof outcome !== 'string') correctedFrames += corrected.size;
      }
    } catch (err) {
      outcome = (err as Error).message;
    }
    if (typeof outcome === 'string') {
      skipped++;
      hooks.log(`skipped ${video.subset}/${video.uid}: ${outcome}`, 'warn');
    } else {
      writer.add(outcome);
    }
    processed++;
    if (processed % 32 === 0) flush();
    hooks.progress(processed, videos.length, `${video.subset}/${video.uid}`);
  }
  flush();
  finishRun(db, runId, skipped);
  hooks.log(`evaluated ${processed - skipped} videos, ${skipped} skipped${store ? `; corrected GT on ${correctedFrames} edited frames of the evaluated videos` : ''}`);
  return { runId, videos: processed - skipped, skipped };
}
