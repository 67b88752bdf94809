import type { MethodOutput } from '../../src-main/api/contract';
import { call } from './api';

type SystemInfo = MethodOutput<'system.info'>;

let pending: Promise<SystemInfo> | null = null;

/** The host's version, kind and capabilities: fixed for the life of the page, so asked once and shared; a failed ask is retried on the next call. */
export function systemInfo(): Promise<SystemInfo> {
  pending ??= call('system.info', {}).catch((err) => {
    pending = null;
    throw err;
  });
  return pending;
}
