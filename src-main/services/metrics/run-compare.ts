import type { z } from 'zod';
import type { Db } from '../../store/db';
import type { Comparison, DeltaRow, metricsContract } from '../../api/contracts/metrics';
import { runSummary } from './run-queries';

type CompareInput = z.output<(typeof metricsContract)['metrics.compare']['input']>;

const byKey = (r: { subset: string; uid: string }) => `${r.subset}/${r.uid}`;

/** Per-video deltas B - A over the videos both runs scored, with the biggest wins and losses by mIoU. */
export function compareRuns(db: Db, q: CompareInput): Comparison {
  const a = runSummary(db, q.a);
  const b = runSummary(db, q.b);
  const videos = db.prepare('SELECT subset, uid, miou, fscore FROM metrics_videos WHERE run_id = ?');
  const inA = new Map((videos.all(q.a) as { subset: string; uid: string; miou: number; fscore: number }[]).map((r) => [byKey(r), r]));
  const rows: DeltaRow[] = [];
  let onlyB = 0;
  for (const rb of videos.all(q.b) as { subset: string; uid: string; miou: number; fscore: number }[]) {
    const ra = inA.get(byKey(rb));
    if (!ra) {
      onlyB++;
      continue;
    }
    rows.push({ subset: rb.subset, uid: rb.uid, miouA: ra.miou, miouB: rb.miou, fscoreA: ra.fscore, fscoreB: rb.fscore, dMiou: rb.miou - ra.miou, dFscore: rb.fscore - ra.fscore });
  }
  const mean = (f: (r: DeltaRow) => number) => (rows.length ? rows.reduce((s, r) => s + f(r), 0) / rows.length : 0);
  const byDelta = [...rows].sort((x, y) => y.dMiou - x.dMiou || byKey(x).localeCompare(byKey(y)));
  const dir = q.order === 'asc' ? 1 : -1;
  const by = q.sortBy;
  const sorted =
    by === 'uid'
      ? rows.sort((x, y) => dir * byKey(x).localeCompare(byKey(y)))
      : rows.sort((x, y) => dir * (x[by] - y[by]) || byKey(x).localeCompare(byKey(y)));
  return {
    a,
    b,
    rows: sorted,
    matched: rows.length,
    onlyA: inA.size - rows.length,
    onlyB,
    meanDMiou: mean((r) => r.dMiou),
    meanDFscore: mean((r) => r.dFscore),
    wins: byDelta.filter((r) => r.dMiou > 0).slice(0, q.top),
    losses: byDelta.filter((r) => r.dMiou < 0).reverse().slice(0, q.top),
  };
}
