import type { RendererBridge } from '../src-main/api/client';
import type { ApiResponse } from '../src-main/api/errors';
import type { AppEvent } from '../src-main/api/events';

/**
 * window.api for the web host. Auth rides on the HttpOnly cookie the host set when the page was opened,
 * so no token is visible to scripts. Events come over one WebSocket that reconnects with backoff.
 */
export function createWebBridge(origin: string): RendererBridge {
  const listeners = new Set<(e: AppEvent) => void>();
  let retry = 250;
  const connect = () => {
    const ws = new WebSocket(origin.replace(/^http/, 'ws') + '/events');
    ws.onopen = () => (retry = 250);
    ws.onmessage = (m) => {
      const event = JSON.parse(String(m.data)) as AppEvent;
      for (const l of listeners) l(event);
    };
    ws.onclose = () => {
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 5_000);
    };
  };
  connect();

  return {
    host: 'web',
    async invoke(method, payload) {
      try {
        const res = await fetch(`${origin}/api/call/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(payload ?? {}),
          credentials: 'same-origin',
        });
        return (await res.json()) as ApiResponse<unknown>;
      } catch (err) {
        return { ok: false, error: { code: 'unavailable', message: `The SSP Studio server did not answer: ${(err as Error).message}` } };
      }
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    mediaUrl(route, params) {
      const q = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
      return `${origin}/media/${route}?${q}`;
    },
  };
}
