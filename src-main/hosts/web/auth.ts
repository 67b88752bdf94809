import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function generateToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Constant-time comparison; hashing first makes the lengths equal so length does not leak either. */
export function tokensEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

export const TOKEN_COOKIE = 'ssp_token';

/** The token a request carries: Authorization: Bearer, then the cookie set when the page was opened. */
export function requestToken(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const cookie = req.headers.cookie ?? '';
  for (const part of cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === TOKEN_COOKIE) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

export function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/**
 * DNS-rebinding guard: the Host header must name this server. On loopback only loopback names are
 * accepted, so a page on evil.example resolving to 127.0.0.1 is refused.
 */
export function hostAllowed(hostHeader: string | undefined, bindHost: string, port: number, extraNames: string[]): boolean {
  if (!hostHeader) return false;
  const names = isLoopback(bindHost) ? ['127.0.0.1', 'localhost', '[::1]'] : [bindHost, ...extraNames];
  return names.some((n) => hostHeader === `${n}:${port}` || (port === 80 && hostHeader === n));
}

/** Cross-site requests (another page's fetch/WebSocket) carry a foreign Origin; same-origin or none is fine. */
export function originAllowed(origin: string | undefined, hostHeader: string | undefined): boolean {
  if (!origin) return true;
  return origin === `http://${hostHeader}` || origin === `https://${hostHeader}`;
}
