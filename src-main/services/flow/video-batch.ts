import { z } from 'zod';
import { AppError } from '../../api/errors';
import type { JobContext } from '../../jobs/job-kind';
import type { DatasetAccess, VideoFiles, VideoRef } from '../datasets/dataset-access';

/** Resumable position in a batch: the index of the next video and the failures so far (a small JSON checkpoint). */
const BatchCheckpoint = z.object({ next: z.number().int().min(0), failed: z.number().int().min(0) });

export interface BatchResult {
  videos: number;
  failed: number;
  /** The first failures, for the job's result (every failure is also in the job log). */
  errors: { video: string; error: string }[];
  resumedAt: number;
}

const MAX_LISTED_ERRORS = 50;

/**
 * Runs `each` over the videos in order, one at a time: checkpoints after every finished video (a resumed job starts
 * at the first unfinished one), stops between videos when cancelled, and logs a video's error and goes on.
 */
export async function runVideoBatch(
  ctx: Pick<JobContext<unknown>, 'checkpoint' | 'signal' | 'progress' | 'log' | 'saveCheckpoint'>,
  access: DatasetAccess,
  datasetId: number,
  videos: readonly VideoRef[],
  each: (video: VideoFiles) => Promise<string | void>,
): Promise<BatchResult> {
  const saved = BatchCheckpoint.safeParse(ctx.checkpoint);
  const start = saved.success ? Math.min(saved.data.next, videos.length) : 0;
  let failed = saved.success ? saved.data.failed : 0;
  const errors: BatchResult['errors'] = [];
  if (start > 0) ctx.log(`resuming at video ${start + 1} of ${videos.length}`);
  ctx.progress(start, videos.length);
  for (let i = start; i < videos.length; i++) {
    // Cache hits never wait on I/O callbacks: yield once per video so a cancel message from the host gets through.
    await new Promise((resolve) => setImmediate(resolve));
    if (ctx.signal.aborted) throw new AppError('cancelled', `cancelled after ${i} of ${videos.length} videos`);
    const name = `${videos[i].subset}/${videos[i].uid}`;
    try {
      const note = await each(await access.files(datasetId, videos[i]));
      if (note) ctx.log(`${name}: ${note}`);
    } catch (err) {
      failed++;
      const e = err as Error & { details?: { fix?: string } };
      const message = e.details?.fix ? `${e.message} ${e.details.fix}` : e.message;
      if (errors.length < MAX_LISTED_ERRORS) errors.push({ video: name, error: message });
      ctx.log(`${name}: skipped: ${message}`, 'error');
    }
    ctx.saveCheckpoint({ next: i + 1, failed });
    ctx.progress(i + 1, videos.length, name);
  }
  return { videos: videos.length, failed, errors, resumedAt: start };
}
