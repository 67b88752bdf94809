/**
 * Client of an OpenAI-compatible POST {baseUrl}/chat/completions (vLLM, llama.cpp server, Ollama, LM Studio serve
 * MiniCPM-V/-o this way): one user message of text + images, the first choice's text back. Every failure becomes a
 * ProviderError whose message says what happened and what to check; retries with exponential backoff for transient
 * failures only (unreachable, timeout, HTTP 429 and 5xx), never for other 4xx or malformed/empty replies.
 */

export interface ProviderEndpoint {
  baseUrl: string;
  model: string;
  apiKey?: string | null;
  /** Per attempt. */
  timeoutMs: number;
  /** Extra attempts after the first. */
  retries: number;
  /** First backoff delay; doubles each retry. */
  backoffMs: number;
}

export interface Sampling {
  temperature: number;
  maxTokens: number;
  topP: number;
}

export type ProviderErrorKind = 'unreachable' | 'timeout' | 'http' | 'bad_reply' | 'empty' | 'cancelled';

export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly status?: number,
    /** The server's Retry-After header (HTTP 429/503), raw. */
    readonly retryAfter?: string | null,
  ) {
    super(message);
    this.name = 'ProviderError';
  }

  get retryable(): boolean {
    return this.kind === 'unreachable' || this.kind === 'timeout' || (this.kind === 'http' && (this.status === 429 || (this.status ?? 0) >= 500));
  }
}

export const chatUrl = (baseUrl: string) => `${baseUrl.replace(/\/+$/, '')}/chat/completions`;

export async function askWithImages(ep: ProviderEndpoint, text: string, images: readonly string[], sampling: Sampling, signal?: AbortSignal): Promise<string> {
  const body = JSON.stringify({
    model: ep.model,
    messages: [{ role: 'user', content: [...images.map((url) => ({ type: 'image_url', image_url: { url } })), { type: 'text', text }] }],
    temperature: sampling.temperature,
    max_tokens: sampling.maxTokens,
    top_p: sampling.topP,
  });
  for (let attempt = 0; ; attempt++) {
    try {
      return await attemptOnce(ep, body, signal);
    } catch (err) {
      const e = err as ProviderError;
      if (!e.retryable || attempt >= ep.retries) throw e;
      await sleep(retryDelayMs(attempt, ep.backoffMs, e.retryAfter), signal);
    }
  }
}

async function attemptOnce(ep: ProviderEndpoint, body: string, signal?: AbortSignal): Promise<string> {
  if (signal?.aborted) throw new ProviderError('cancelled', 'Cancelled.');
  const timeout = AbortSignal.timeout(ep.timeoutMs);
  const both = signal ? AbortSignal.any([signal, timeout]) : timeout;
  const url = chatUrl(ep.baseUrl);
  let res: Response;
  let raw: string;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(ep.apiKey ? { authorization: `Bearer ${ep.apiKey}` } : {}) },
      body,
      signal: both,
    });
    raw = await res.text();
  } catch (err) {
    if (signal?.aborted) throw new ProviderError('cancelled', 'Cancelled.');
    if (timeout.aborted) throw new ProviderError('timeout', `No answer from ${url} within ${ep.timeoutMs / 1000} s; raise the provider timeout or check the server is not stuck.`);
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    throw new ProviderError('unreachable', `Cannot reach ${url} (${cause}); check the base URL and that the server is running.`);
  }
  if (!res.ok) {
    const detail = errorMessageOf(raw);
    const hint = res.status === 401 || res.status === 403 ? ' Check the API key.' : res.status === 404 ? ' Check the base URL (it usually ends in /v1) and the model name.' : '';
    throw new ProviderError('http', `HTTP ${res.status} from ${url}${detail ? `: ${detail}` : ''}.${hint}`, res.status, res.headers.get('retry-after'));
  }
  let json: { choices?: { message?: { content?: unknown } }[] };
  try {
    json = JSON.parse(raw);
  } catch {
    throw new ProviderError('bad_reply', `The reply of ${url} is not valid JSON (${raw.length} bytes: ${JSON.stringify(raw.slice(0, 60))}); is this an OpenAI-compatible endpoint?`);
  }
  const content = json.choices?.[0]?.message?.content;
  if (typeof content !== 'string') throw new ProviderError('bad_reply', `The reply of ${url} has no choices[0].message.content.`);
  if (!content.trim()) throw new ProviderError('empty', `The model answered with an empty text; try more max tokens or another prompt.`);
  return content.trim();
}

/** Longest wait before a retry: a server asking for more than this is treated as down for this run. */
export const MAX_RETRY_DELAY_MS = 60_000;

/**
 * Delay before retry `attempt` (0-based): exponential backoff, or the server's Retry-After (seconds or an HTTP date)
 * when it asks for longer, capped at MAX_RETRY_DELAY_MS.
 */
export function retryDelayMs(attempt: number, backoffMs: number, retryAfter?: string | null, now = Date.now()): number {
  let asked = 0;
  if (retryAfter) asked = /^\d+(\.\d+)?$/.test(retryAfter.trim()) ? Number(retryAfter) * 1000 : Math.max(0, Date.parse(retryAfter) - now) || 0;
  return Math.min(MAX_RETRY_DELAY_MS, Math.max(backoffMs * 2 ** attempt, asked));
}

function errorMessageOf(raw: string): string {
  try {
    const j = JSON.parse(raw);
    return String(j?.error?.message ?? j?.message ?? '').slice(0, 200);
  } catch {
    return raw.slice(0, 120);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new ProviderError('cancelled', 'Cancelled.'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new ProviderError('cancelled', 'Cancelled.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
