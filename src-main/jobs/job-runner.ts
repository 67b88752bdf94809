import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import type { EventBus } from '../api/events';
import type { JobLogLine, JobRow } from '../api/contracts/jobs';
import { AppError } from '../api/errors';
import type { Db } from '../store/db';
import { JobStore } from './job-store';
import { ProgressTracker } from './progress';
import { findJobKind, jobKinds } from './kinds/index';
import { killWorkerGroup, launchWorker } from './worker-launch';
import type { FromWorker, ToWorker } from './worker-protocol';
import type { SecretStore } from '../services/prompts/secret-store';

interface Running {
  child: ChildProcess;
  tracker: ProgressTracker;
  cancelRequested: boolean;
  lastPersist: number;
}

export interface JobRunnerOptions {
  dataDir: string;
  /** Jobs running at once; heavy kinds share 2 cores here, so the default is small. */
  concurrency?: number;
  /**
   * How long a cancelled worker may take to stop on its own before it and its processes are killed. Given, it
   * applies to every kind (tests use a short one); unset, a kind's own grace, else 5 s.
   */
  cancelGraceMs?: number;
  /** Opens the sealed secrets a kind asks for (`sealedSecrets`) before its worker starts; unset, workers get none. */
  secrets?: Pick<SecretStore, 'open'>;
}

/**
 * Queues jobs, runs each in its own child process and mirrors its state into SQLite and the event bus.
 * The SQLite row is the truth: after a crash the row says what happened and holds the last checkpoint.
 */
export class JobRunner {
  private readonly store: JobStore;
  private readonly running = new Map<string, Running>();
  private readonly queue: string[] = [];
  private readonly concurrency: number;

  constructor(
    private readonly db: Db,
    private readonly events: EventBus,
    private readonly options: JobRunnerOptions,
  ) {
    this.store = new JobStore(db);
    this.concurrency = options.concurrency ?? 1;
    this.store.markOrphansInterrupted();
  }

  kinds() {
    return jobKinds.map((k) => ({ kind: k.kind, description: k.description }));
  }

  list(kind: string | undefined, limit: number): JobRow[] {
    return this.store.list(kind, limit);
  }

  get(id: string): JobRow {
    const row = this.store.get(id);
    if (!row) throw new AppError('not_found', `No job with id ${id}.`);
    return row;
  }

  logs(id: string, afterSeq: number, limit: number): JobLogLine[] {
    this.get(id);
    return this.store.logs(id, afterSeq, limit);
  }

  start(kindName: string, params: unknown, title?: string): JobRow {
    const kind = findJobKind(kindName);
    if (!kind) throw new AppError('bad_input', `Unknown job kind "${kindName}".`, { fix: `Use one of: ${jobKinds.map((k) => k.kind).join(', ')}.` });
    const parsed = kind.params.safeParse(params);
    if (!parsed.success) {
      throw new AppError('validation', `Invalid parameters for a ${kindName} job: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, {
        issues: parsed.error.issues,
      });
    }
    const row = this.store.insert({ id: randomUUID(), kind: kindName, title: title ?? kind.title(parsed.data), params: parsed.data });
    this.emit(row.id);
    this.enqueue(row.id);
    return this.get(row.id);
  }

  resume(id: string): JobRow {
    const row = this.get(id);
    if (!row.resumable) throw new AppError('conflict', `Job ${id} is ${row.state}; only interrupted, failed or cancelled jobs can be resumed.`);
    this.store.setState(id, 'queued', { error: null });
    this.emit(id);
    this.enqueue(id);
    return this.get(id);
  }

  cancel(id: string): JobRow {
    const row = this.get(id);
    const qi = this.queue.indexOf(id);
    if (qi >= 0) {
      this.queue.splice(qi, 1);
      this.store.setState(id, 'cancelled');
      this.emit(id);
    } else if (this.running.has(id)) {
      const r = this.running.get(id)!;
      r.cancelRequested = true;
      this.sendTo(r.child, { type: 'cancel' });
      const grace = this.options.cancelGraceMs ?? findJobKind(row.kind)?.cancelGraceMs ?? 5_000;
      const timer = setTimeout(() => killWorkerGroup(r.child), grace);
      r.child.once('exit', () => clearTimeout(timer));
    } else if (row.state !== 'queued') {
      throw new AppError('conflict', `Job ${id} is ${row.state}; there is nothing to cancel.`);
    }
    return this.get(id);
  }

  /** Resolves when no job is queued or running (tests, CLI batch commands). */
  async idle(pollMs = 20): Promise<void> {
    while (this.queue.length || this.running.size) await new Promise((r) => setTimeout(r, pollMs));
  }

  /** Stops every worker; their rows stay 'running' on disk and become 'interrupted' at the next start. */
  dispose(): void {
    for (const r of this.running.values()) {
      r.child.removeAllListeners();
      killWorkerGroup(r.child); // the worker leads its own group, so its engines and tools go with it
    }
    this.running.clear();
    this.queue.length = 0;
  }

  private enqueue(id: string) {
    this.queue.push(id);
    this.pump();
  }

  private pump() {
    while (this.running.size < this.concurrency && this.queue.length) this.launch(this.queue.shift()!);
  }

  private launch(id: string) {
    const row = this.get(id);
    const child = launchWorker();
    const run: Running = { child, tracker: new ProgressTracker(), cancelRequested: false, lastPersist: 0 };
    this.running.set(id, run);
    this.store.setState(id, 'running');
    this.emit(id);
    let settled = false;
    const pipeOutput = (level: 'info' | 'error') => (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) this.log(id, level === 'error' ? 'warn' : 'info', line);
    };
    child.stdout?.on('data', pipeOutput('info'));
    child.stderr?.on('data', pipeOutput('error'));
    child.on('message', (msg: FromWorker) => {
      switch (msg.type) {
        case 'progress': {
          const p = run.tracker.update(msg.done, msg.total, Date.now(), msg.message);
          const now = Date.now();
          // Persist at most twice a second, always the final step.
          if (now - run.lastPersist > 500 || msg.done >= msg.total) {
            this.store.setProgress(id, p);
            run.lastPersist = now;
          }
          this.events.emit({ type: 'job.updated', job: { ...this.get(id), progress: p } });
          break;
        }
        case 'log':
          this.log(id, msg.level, msg.text);
          break;
        case 'checkpoint':
          this.store.setCheckpoint(id, msg.state);
          break;
        case 'result':
          settled = true;
          this.store.setState(id, 'done', { result: msg.value, error: null });
          break;
        case 'error':
          settled = true;
          if (msg.cancelled || run.cancelRequested) this.store.setState(id, 'cancelled', { error: null });
          else {
            this.log(id, 'error', msg.message);
            this.store.setState(id, 'failed', { error: msg.message });
          }
          break;
      }
    });
    child.on('exit', (code, signal) => {
      this.running.delete(id);
      if (!settled) {
        if (run.cancelRequested) this.store.setState(id, 'cancelled', { error: null });
        else this.store.setState(id, 'failed', { error: `The job's worker process exited unexpectedly (${signal ?? `code ${code}`}).` });
      }
      this.emit(id);
      this.pump();
    });
    this.sendTo(child, {
      type: 'start',
      jobId: id,
      kind: row.kind,
      params: row.params,
      checkpoint: this.store.checkpoint(id),
      dataDir: this.options.dataDir,
      unsealed: this.unsealedFor(row.kind, row.params),
    });
  }

  /** The plain text of the secrets a kind asks for, opened here in the host (never persisted). */
  private unsealedFor(kindName: string, params: unknown): Record<string, string> {
    const kind = findJobKind(kindName);
    const secrets = this.options.secrets;
    if (!secrets || !kind?.sealedSecrets) return {};
    const out: Record<string, string> = {};
    for (const sealed of kind.sealedSecrets(kind.params.parse(params), this.db)) {
      try {
        out[sealed] = secrets.open(sealed);
      } catch {
        // Left out: the worker's own store then reports why the secret cannot be opened.
      }
    }
    return out;
  }

  private sendTo(child: ChildProcess, msg: ToWorker) {
    if (child.connected) child.send(msg);
  }

  private log(id: string, level: JobLogLine['level'], text: string) {
    const line = this.store.appendLog(id, level, text);
    this.events.emit({ type: 'job.log', jobId: id, line });
  }

  private emit(id: string) {
    this.events.emit({ type: 'job.updated', job: this.get(id) });
  }
}
