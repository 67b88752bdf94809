import type { Db } from '../../store/db';
import { createRun, finishRun, RunWriter, type NewRun } from './run-store';
import type { VideoResult } from './video-result';

/**
 * Records a whole evaluation in one call and returns the run id; what other domains (in-app inference) use.
 *
 *   const results = videos.map((v) => binaryVideoResult(v, v.frames));   // or semanticVideoResult(...)
 *   const runId = logRun(db, { name: 'SSP epoch 12', kind: 'binary', source: { type: 'model', name: 'ssp-s4', path: null },
 *                              datasetId, split: 'test', settings: { checkpoint } }, results);
 *
 * `videos` may be any iterable (a generator evaluating video by video keeps memory flat); rows are written in
 * batched transactions and the run's dataset numbers are aggregated at the end.
 */
export function logRun(db: Db, run: NewRun, videos: Iterable<VideoResult>): number {
  const runId = createRun(db, run);
  const writer = new RunWriter(db, runId);
  for (const v of videos) writer.add(v);
  writer.flush();
  finishRun(db, runId);
  return runId;
}
