import { z } from 'zod';
import { JobRow, JobLogLine } from './contracts/jobs';

/** Events pushed from the services to every connected UI (ipc 'event' channel / WebSocket /events). */
export const AppEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('job.updated'), job: JobRow }),
  z.object({ type: z.literal('job.log'), jobId: z.string(), line: JobLogLine }),
  z.object({ type: z.literal('settings.changed') }),
  /** Any domain may announce that data it owns changed, so views can refetch. */
  z.object({ type: z.literal('data.changed'), domain: z.string(), id: z.string().optional() }),
]);
export type AppEvent = z.infer<typeof AppEvent>;

export type EventListener = (event: AppEvent) => void;

/** A tiny synchronous pub/sub shared by the services and the hosts. */
export class EventBus {
  private listeners = new Set<EventListener>();

  on(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: AppEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // A broken listener (closed socket, destroyed window) must not stop the others.
      }
    }
  }
}
