// Errors that cross the API boundary. Services throw AppError with a code the UI can act on;
// anything else becomes 'internal' so stack traces never leak into the UI as the only message.
export type ErrorCode =
  | 'validation' // the payload did not match the contract
  | 'unknown_method'
  | 'not_found'
  | 'bad_input' // a user file or value is wrong: message names the file and the fix
  | 'forbidden' // path outside the allowed roots, bad token
  | 'conflict'
  | 'unavailable' // a dependency (ffmpeg, python, model server) is missing or unreachable
  | 'cancelled'
  | 'internal';

export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  /** Optional machine-readable details: zod issues, the offending file, a suggested fix. */
  details?: { file?: string; fix?: string; issues?: unknown[]; [k: string]: unknown };
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ApiErrorBody['details'],
  ) {
    super(message);
    this.name = 'AppError';
  }

  toBody(): ApiErrorBody {
    return { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) };
  }
}

export function toErrorBody(err: unknown): ApiErrorBody {
  if (err instanceof AppError) return err.toBody();
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message };
}

export type ApiResponse<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };
