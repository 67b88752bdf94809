import type { Db } from '../../store/db';
import type { EngineEvent } from '../../core/training/engine-events';

export interface TrainingRunRow {
  id: number;
  name: string;
  jobId: string | null;
  config: Record<string, unknown>;
  outDir: string;
  state: string;
  totalSteps: number | null;
  lastStep: number;
  checkpoint: string | null;
  model: string | null;
  datasetId: number | null;
  createdAt: number;
  finishedAt: number | null;
}

type Raw = { id: number; name: string; job_id: string | null; config: string; out_dir: string; state: string; total_steps: number | null; last_step: number; checkpoint: string | null; model: string | null; dataset_id: number | null; created_at: number; finished_at: number | null };
const toRow = (r: Raw): TrainingRunRow => ({ id: r.id, name: r.name, jobId: r.job_id, config: JSON.parse(r.config), outDir: r.out_dir, state: r.state, totalSteps: r.total_steps, lastStep: r.last_step, checkpoint: r.checkpoint, model: r.model, datasetId: r.dataset_id, createdAt: r.created_at, finishedAt: r.finished_at });

/** Training runs and their curves. The job worker writes (its own connection), the host reads. */
export class TrainingStore {
  constructor(private readonly db: Db) {}

  create(name: string, jobId: string, config: Record<string, unknown>, outDir: string, datasetId: number | null = null): number {
    return Number(this.db.prepare("INSERT INTO training_runs (name, job_id, config, out_dir, state, dataset_id, created_at) VALUES (?, ?, ?, ?, 'running', ?, ?)").run(name, jobId, JSON.stringify(config), outDir, datasetId, Date.now()).lastInsertRowid);
  }

  get(id: number): TrainingRunRow | undefined {
    const r = this.db.prepare('SELECT * FROM training_runs WHERE id = ?').get(id) as Raw | undefined;
    return r && toRow(r);
  }

  list(): TrainingRunRow[] {
    return (this.db.prepare('SELECT * FROM training_runs ORDER BY id DESC').all() as Raw[]).map(toRow);
  }

  setState(id: number, state: string, finished = false): void {
    this.db.prepare('UPDATE training_runs SET state = ?, finished_at = ? WHERE id = ?').run(state, finished ? Date.now() : null, id);
  }

  setModel(id: number, model: string): void {
    this.db.prepare('UPDATE training_runs SET model = ? WHERE id = ?').run(model, id);
  }

  /** Records one protocol event; steps become points of the loss/lr/throughput series. */
  record(id: number, e: EngineEvent): void {
    const point = this.db.prepare('INSERT OR REPLACE INTO training_points (run_id, step, series, value) VALUES (?, ?, ?, ?)');
    if (e.type === 'step') {
      this.db.transaction(() => {
        for (const [k, v] of Object.entries(e.losses)) point.run(id, e.step, `loss.${k}`, v);
        point.run(id, e.step, 'lr', e.lr);
        point.run(id, e.step, 'samples_per_s', e.samples_per_s);
        this.db.prepare('UPDATE training_runs SET last_step = ?, total_steps = ? WHERE id = ?').run(e.step, e.total_steps, id);
      })();
    } else if (e.type === 'eval') {
      this.db.prepare('INSERT INTO training_evals (run_id, step, epoch, split, control, metrics) VALUES (?, ?, ?, ?, ?, ?)').run(id, e.step ?? 0, e.epoch ?? null, e.split, e.control, JSON.stringify(e.metrics));
      for (const [k, v] of Object.entries(e.metrics)) if (e.control === 'none') point.run(id, e.step ?? 0, `eval.${k}`, v);
    } else if (e.type === 'checkpoint' && e.name === 'last') {
      this.db.prepare('UPDATE training_runs SET checkpoint = ? WHERE id = ?').run(e.path, id);
    }
  }

  /** Curve points after `afterStep`, grouped by series (loss.<term>, lr, samples_per_s, eval.<metric>). */
  curves(id: number, afterStep = -1): Record<string, [number, number | null][]> {
    const rows = this.db.prepare('SELECT series, step, value FROM training_points WHERE run_id = ? AND step > ? ORDER BY series, step').all(id, afterStep) as { series: string; step: number; value: number | null }[];
    const out: Record<string, [number, number | null][]> = {};
    for (const r of rows) (out[r.series] ??= []).push([r.step, r.value]);
    return out;
  }

  evals(id: number): { step: number; epoch: number | null; split: string; control: string; metrics: Record<string, number | null> }[] {
    return (this.db.prepare('SELECT step, epoch, split, control, metrics FROM training_evals WHERE run_id = ? ORDER BY step').all(id) as { step: number; epoch: number | null; split: string; control: string; metrics: string }[]).map((r) => ({ ...r, metrics: JSON.parse(r.metrics) }));
  }
}
