import { z } from 'zod';
import { method } from '../define';

export const JobState = z.enum(['queued', 'running', 'done', 'failed', 'cancelled', 'interrupted']);
export type JobState = z.infer<typeof JobState>;

export const JobProgress = z.object({
  done: z.number(),
  total: z.number(),
  /** Items per second over the recent window. */
  rate: z.number().nullable(),
  /** Seconds left at the current rate. */
  etaSeconds: z.number().nullable(),
  message: z.string().optional(),
});
export type JobProgress = z.infer<typeof JobProgress>;

export const JobRow = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  state: JobState,
  params: z.unknown(),
  progress: JobProgress,
  error: z.string().nullable(),
  result: z.unknown().nullable(),
  resumable: z.boolean(),
  createdAt: z.number(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
});
export type JobRow = z.infer<typeof JobRow>;

export const JobLogLine = z.object({
  seq: z.number(),
  time: z.number(),
  level: z.enum(['info', 'warn', 'error']),
  text: z.string(),
});
export type JobLogLine = z.infer<typeof JobLogLine>;

const JobId = z.object({ id: z.string().min(1) });

export const jobsContract = {
  'jobs.list': method(
    z.object({ kind: z.string().optional(), limit: z.number().int().positive().max(1000).default(200) }),
    z.array(JobRow),
    'Jobs, newest first.',
  ),
  'jobs.get': method(JobId, JobRow, 'One job.'),
  'jobs.start': method(
    z.object({ kind: z.string().min(1), params: z.unknown(), title: z.string().optional() }),
    JobRow,
    'Queue a job of a registered kind; its params are validated by that kind.',
  ),
  'jobs.cancel': method(JobId, JobRow, 'Cancel a queued or running job (graceful, then forced).'),
  'jobs.resume': method(JobId, JobRow, 'Resume an interrupted, failed or cancelled job from its last checkpoint.'),
  'jobs.logs': method(
    z.object({ id: z.string().min(1), afterSeq: z.number().int().default(-1), limit: z.number().int().positive().max(5000).default(500) }),
    z.array(JobLogLine),
    'Log lines of a job after a sequence number.',
  ),
  'jobs.kinds': method(z.object({}), z.array(z.object({ kind: z.string(), description: z.string() })), 'Registered job kinds.'),
};
