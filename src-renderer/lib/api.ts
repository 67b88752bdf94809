import type { MethodInput, MethodName, MethodOutput } from '../../src-main/api/contract';
import type { ApiErrorBody } from '../../src-main/api/errors';
import type { AppEvent } from '../../src-main/api/events';

/** An API error as the UI sees it: code + message (+ file/fix) ready to show. */
export class ApiError extends Error {
  constructor(readonly body: ApiErrorBody) {
    super(body.message);
  }
}

/** Typed call through whatever host provides window.api. Throws ApiError on failure. */
export async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const res = await window.api.invoke(method, input);
  if (!res.ok) throw new ApiError(res.error);
  return res.value as MethodOutput<M>;
}

export function onEvent(listener: (e: AppEvent) => void): () => void {
  return window.api.onEvent(listener);
}

export function mediaUrl(route: string, params: Record<string, string | number>): string {
  return window.api.mediaUrl(route, params);
}

/** One line for a toast or status bar: message plus the fix when the service gave one. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) return err.body.details?.fix ? `${err.message} — ${err.body.details.fix}` : err.message;
  return err instanceof Error ? err.message : String(err);
}
