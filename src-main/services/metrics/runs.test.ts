import { beforeEach, describe, expect, it } from 'vitest';
import { allMigrations } from '../../app/migrations';
import { openDatabase, type Db } from '../../store/db';
import { logRun } from './log-run';
import { compareRuns } from './run-compare';
import { exportRun } from './run-export';
import { listRuns, runDetail, runVideos } from './run-queries';
import { deleteRun } from './run-store';
import { binaryVideoResult, semanticVideoResult } from './video-result';

let db: Db;
const meta = (name: string) => ({ name, kind: 'binary' as const, source: { type: 'model' as const, name: 'ssp', path: null }, datasetId: 3, split: 'test' });

/** A 2x2 frame where `hits` of the 2 GT pixels are predicted (probability 255) -> IoU hits / 2. */
function video(uid: string, hits: number) {
  const gt = Uint8Array.from([1, 1, 0, 0]);
  const prob = Uint8Array.from([hits > 0 ? 255 : 0, hits > 1 ? 255 : 0, 0, 0]);
  return binaryVideoResult({ subset: 'v1s', uid }, [{ t: 0, prob, gt }]);
}

beforeEach(() => {
  db = openDatabase(':memory:', allMigrations);
});

describe('runs in SQLite', () => {
  it('logRun stores videos and frames and aggregates the mean over videos', () => {
    const id = logRun(db, meta('A'), [video('a', 2), video('b', 1), video('c', 0)]);
    const { run } = runDetail(db, id);
    expect(run).toMatchObject({ name: 'A', state: 'done', videos: 3, frames: 3, split: 'test' });
    expect(run.miou).toBeCloseTo((2 / (2 + 1e-7) + 1 / (2 + 1e-7) + 0) / 3, 12);
    expect(runVideos(db, { runId: id, sortBy: 'miou', order: 'asc', limit: 10, offset: 0 }).rows.map((r) => r.uid)).toEqual(['c', 'b', 'a']);
    expect(runVideos(db, { runId: id, sortBy: 'uid', order: 'desc', limit: 2, offset: 1 })).toMatchObject({ total: 3, rows: [{ uid: 'b' }, { uid: 'a' }] });
    expect(runDetail(db, id).miouHistogram.filter((n) => n > 0)).toEqual([1, 1, 1]);
  });

  it('compares two runs: per-video deltas B - A, wins, losses, unmatched videos', () => {
    const a = logRun(db, meta('A'), [video('a', 2), video('b', 1), video('c', 0), video('only-a', 1)]);
    const b = logRun(db, meta('B'), [video('a', 1), video('b', 1), video('c', 2), video('only-b', 2)]);
    const cmp = compareRuns(db, { a, b, sortBy: 'dMiou', order: 'desc', top: 5 });
    expect(cmp).toMatchObject({ matched: 3, onlyA: 1, onlyB: 1 });
    expect(cmp.rows.map((r) => r.uid)).toEqual(['c', 'b', 'a']);
    expect(cmp.wins.map((r) => r.uid)).toEqual(['c']);
    expect(cmp.losses.map((r) => r.uid)).toEqual(['a']);
    expect(cmp.rows[0].dMiou).toBeCloseTo(1, 6);
    expect(cmp.meanDMiou).toBeCloseTo((1 - 0.5) / 3, 6);
    expect(compareRuns(db, { a, b, sortBy: 'uid', order: 'asc', top: 5 }).rows.map((r) => r.uid)).toEqual(['a', 'b', 'c']);
  });

  it('exports CSV and JSON that round-trip the stored numbers', () => {
    const id = logRun(db, meta('A'), [video('x,"odd"', 2), video('a', 1)]);
    const csv = exportRun(db, id, 'csv').content.trim().split('\n');
    expect(csv[0]).toBe('subset,uid,frames,miou,fscore');
    expect(csv[1].startsWith('v1s,a,1,')).toBe(true);
    expect(csv[2].startsWith('v1s,"x,""odd""",1,')).toBe(true);
    expect(Number(csv[1].split(',')[3])).toBe(runVideos(db, { runId: id, sortBy: 'uid', order: 'asc', limit: 1, offset: 0 }).rows[0].miou);
    const json = JSON.parse(exportRun(db, id, 'json').content);
    expect(json.run.miou).toBe(runDetail(db, id).run.miou);
    expect(json.videos[0].frames).toEqual([{ t: 0, iou: json.videos[0].miou, fscore: expect.any(Number), gtPixels: 2 }]);
  });

  it('semantic runs keep per-class rows; delete removes every row of the run', () => {
    const gt = Uint8Array.from([0, 1, 1, 2]);
    const id = logRun(db, { ...meta('S'), kind: 'semantic', classNames: ['background', 'car', 'dog'] }, [
      semanticVideoResult({ subset: 'v2', uid: 'x' }, [{ t: 0, pred: Uint8Array.from([0, 1, 2, 2]), gt }], 3),
    ]);
    const d = runDetail(db, id);
    expect(d.classes.map((c) => [c.name, c.count])).toEqual([['background', 1], ['car', 1], ['dog', 1]]);
    // IoUs 1, 1/2, 1/2 -> mean 2/3 over all classes; without background 1/2.
    expect(d.run.miou).toBeCloseTo(2 / 3, 12);
    expect(d.run.miouNoBg).toBeCloseTo(0.5, 12);
    expect(deleteRun(db, id)).toBe(true);
    expect(listRuns(db)).toEqual([]);
    for (const t of ['metrics_videos', 'metrics_frames', 'metrics_video_classes', 'metrics_classes']) expect(db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get()).toEqual({ n: 0 });
  });
});
