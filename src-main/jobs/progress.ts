import type { JobProgress } from '../api/contracts/jobs';

/**
 * Rate and ETA from progress samples. The rate is measured over a sliding time window so a job that
 * speeds up or stalls shows it within seconds rather than averaging over its whole life.
 */
export class ProgressTracker {
  private samples: { t: number; done: number }[] = [];

  constructor(private readonly windowMs = 10_000) {}

  update(done: number, total: number, now: number, message?: string): JobProgress {
    this.samples.push({ t: now, done });
    while (this.samples.length > 2 && now - this.samples[0].t > this.windowMs) this.samples.shift();
    const first = this.samples[0];
    const dt = (now - first.t) / 1000;
    const rate = dt > 0 && done >= first.done ? (done - first.done) / dt : null;
    const etaSeconds = rate && rate > 0 && total >= done ? (total - done) / rate : null;
    return { done, total, rate, etaSeconds, ...(message !== undefined ? { message } : {}) };
  }
}

export const emptyProgress = (): JobProgress => ({ done: 0, total: 0, rate: null, etaSeconds: null });
