import { z } from 'zod';
import { contract, isMethodName, type Handlers } from './contract';
import { AppError, toErrorBody, type ApiResponse } from './errors';

export type Dispatch = (method: string, payload: unknown) => Promise<ApiResponse<unknown>>;

/**
 * The one place where payloads are validated. Both hosts call this; neither validates on its own.
 * Outputs are validated as well, so a service that drifts from the contract fails loudly in tests.
 */
export function createDispatch(handlers: Handlers, onInternalError?: (method: string, err: unknown) => void): Dispatch {
  return async (method, payload) => {
    if (!isMethodName(method)) {
      return { ok: false, error: { code: 'unknown_method', message: `Unknown API method "${method}".` } };
    }
    const spec = contract[method];
    const parsed = spec.input.safeParse(payload ?? {});
    if (!parsed.success) {
      return {
        ok: false,
        error: {
          code: 'validation',
          message: `Invalid payload for ${method}: ${z.prettifyError(parsed.error)}`,
          details: { issues: parsed.error.issues },
        },
      };
    }
    try {
      const handler = handlers[method] as (input: unknown) => unknown;
      const value = await handler(parsed.data);
      const out = spec.output.safeParse(value);
      if (!out.success) {
        throw new AppError('internal', `Service returned data that breaks the contract for ${method}: ${z.prettifyError(out.error)}`);
      }
      return { ok: true, value: out.data };
    } catch (err) {
      const body = toErrorBody(err);
      if (body.code === 'internal') onInternalError?.(method, err);
      return { ok: false, error: body };
    }
  };
}
