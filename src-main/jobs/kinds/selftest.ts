import { spawn } from 'node:child_process';
import { z } from 'zod';
import { defineJobKind } from '../job-kind';

/**
 * A diagnostic job that exercises the runner end to end (progress, checkpoints, cancel, resume, failure)
 * without touching data; `ssp-studio doctor` and the runner's tests use it.
 */
export const selftestJob = defineJobKind({
  kind: 'selftest',
  description: 'Counts to `items`, one step every `stepMs`, checkpointing each step; fails at `failAt` if set; `holdChild` keeps a child process running meanwhile.',
  params: z.object({
    items: z.number().int().min(1).max(100_000),
    stepMs: z.number().int().min(0).max(10_000).default(10),
    failAt: z.number().int().optional(),
    /** Starts a child process that lives until the job ends, as an engine would (tests that no orphan is left). */
    holdChild: z.boolean().default(false),
  }),
  title: (p) => `Self-test (${p.items} steps)`,
  async run(ctx) {
    const start = typeof ctx.checkpoint === 'number' ? ctx.checkpoint : 0;
    if (start > 0) ctx.log(`resuming at step ${start}`);
    const held = ctx.params.holdChild ? spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600_000)'], { stdio: 'ignore' }) : null;
    if (held) ctx.log(`holding child process ${held.pid}`);
    try {
      for (let i = start; i < ctx.params.items; i++) {
        if (ctx.signal.aborted) throw new Error('cancelled');
        if (ctx.params.failAt === i) throw new Error(`selftest failed on purpose at step ${i}`);
        await new Promise((r) => setTimeout(r, ctx.params.stepMs));
        ctx.saveCheckpoint(i + 1);
        ctx.progress(i + 1, ctx.params.items);
      }
    } finally {
      held?.kill();
    }
    ctx.log('finished');
    return { counted: ctx.params.items, resumedFrom: start };
  },
});
