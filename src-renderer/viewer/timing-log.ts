/**
 * The latest timings of one kind, for the e2e (it reads window.__viewer*Times and empties them in place, so `entries`
 * stays one array) and for devtools (performance measures). Only the last `cap` entries are kept; the timeline
 * cannot drop single measures, so each name's measures are cleared every `cap` records instead.
 */
export class TimingLog<T> {
  readonly entries: T[] = [];
  private sinceClear = 0;

  constructor(private readonly cap = 200) {}

  /** Adds one entry and its measures, each [name, start, end] in performance.now() ms. */
  record(entry: T, measures: [name: string, start: number, end: number][]): void {
    if (++this.sinceClear > this.cap) {
      for (const [name] of measures) performance.clearMeasures(name);
      this.sinceClear = 1;
    }
    for (const [name, start, end] of measures) performance.measure(name, { start, end });
    this.entries.push(entry);
    if (this.entries.length > this.cap) this.entries.splice(0, this.entries.length - this.cap);
  }
}
