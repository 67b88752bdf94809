/** Messages between the job runner (parent) and a job worker (child process). */
export type ToWorker =
  | { type: 'start'; jobId: string; kind: string; params: unknown; checkpoint: unknown; dataDir: string; unsealed: Record<string, string> }
  | { type: 'cancel' };

export type FromWorker =
  | { type: 'progress'; done: number; total: number; message?: string }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; text: string }
  | { type: 'checkpoint'; state: unknown }
  | { type: 'result'; value: unknown }
  | { type: 'error'; message: string; cancelled: boolean };
