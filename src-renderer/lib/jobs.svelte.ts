import type { JobRow } from '../../src-main/api/contracts/jobs';
import { call, onEvent } from './api';

/** Live list of jobs shared by every view (jobs panel, status bar, panels that start jobs). */
export const jobs = $state<{ rows: JobRow[]; loaded: boolean }>({ rows: [], loaded: false });

export async function loadJobs(): Promise<void> {
  jobs.rows = await call('jobs.list', {});
  jobs.loaded = true;
}

export function watchJobs(): () => void {
  return onEvent((e) => {
    if (e.type !== 'job.updated') return;
    const i = jobs.rows.findIndex((r) => r.id === e.job.id);
    if (i >= 0) jobs.rows[i] = e.job;
    else jobs.rows.unshift(e.job);
  });
}

export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}
