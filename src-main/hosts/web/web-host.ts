import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { parseRange } from '../media-range';
import { WebSocketServer, type WebSocket } from 'ws';
import type { App } from '../../app/compose';
import { AppError, toErrorBody } from '../../api/errors';
import { CONTENT_SECURITY_POLICY } from '../security-policy';
import { TOKEN_COOKIE, generateToken, hostAllowed, isLoopback, originAllowed, requestToken, tokensEqual } from './auth';
import { resolveStatic } from './static-files';

export interface WebHostOptions {
  /** Bind address; 127.0.0.1 unless the user asks otherwise. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Required when binding anything but loopback; generated for loopback when absent. */
  token?: string;
  /** Extra Host header names accepted when bound to a non-loopback address (e.g. the server's DNS name). */
  allowedHostNames?: string[];
  /** The built renderer (out/web). */
  staticDir: string;
  /** Largest accepted request body. */
  maxBodyBytes?: number;
}

export interface WebHost {
  url: string;
  /** The URL to open in a browser: carries the token once, then a cookie takes over. */
  openUrl: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const API_PREFIX = '/api/call/';
const MEDIA_PREFIX = '/media/';

/**
 * A `..` segment in the URL path, plain or %-encoded (once or twice): refused before URL parsing folds it away.
 * Only the path is checked, not the query string: media routes take their file parts (subset, uid, …) from the
 * query, and those are confined by resolveInside in each route, not here.
 */
function climbsOut(rawUrl: string): boolean {
  let p = rawUrl.split('?')[0];
  for (let depth = 0; depth < 3; depth++) {
    if (p.includes('\0') || p.split(/[/\\]/).includes('..')) return true;
    let decoded: string;
    try {
      decoded = decodeURIComponent(p);
    } catch {
      return true;
    }
    if (decoded === p) return false;
    p = decoded;
  }
  return true;
}

/** Serves the API contract over HTTP (+ WebSocket events) and the built renderer, for browsers and e2e tests. */
export async function startWebHost(app: App, options: WebHostOptions): Promise<WebHost> {
  const bindHost = options.host ?? '127.0.0.1';
  if (!isLoopback(bindHost) && !options.token) {
    throw new AppError('forbidden', `Refusing to listen on ${bindHost} without a token.`, {
      fix: 'Pass --token <secret> (or SSP_STUDIO_TOKEN) when binding to a non-loopback address.',
    });
  }
  const token = options.token ?? generateToken();
  const maxBody = options.maxBodyBytes ?? 8 * 1024 * 1024;
  let port = options.port ?? 0;

  const send = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(text);
  };
  const fail = (res: ServerResponse, status: number, code: string, message: string) =>
    send(res, status, { ok: false, error: { code, message } });

  const authorized = (req: IncomingMessage) => {
    const t = requestToken(req);
    return t !== undefined && tokensEqual(t, token);
  };

  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > maxBody) return reject(new AppError('bad_input', `Request body over ${maxBody} bytes.`));
      const chunks: Buffer[] = [];
      let size = 0;
      // Past the limit the rest is read and dropped (not buffered), so the client still gets the 413.
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= maxBody) chunks.push(c);
      });
      req.on('end', () =>
        size > maxBody
          ? reject(new AppError('bad_input', `Request body over ${maxBody} bytes.`))
          : resolve(Buffer.concat(chunks).toString('utf8')),
      );
      req.on('error', reject);
    });

  const handleApi = async (req: IncomingMessage, res: ServerResponse, method: string) => {
    if (req.method !== 'POST') return fail(res, 405, 'validation', 'API calls are POST requests.');
    let payload: unknown;
    try {
      const text = await readBody(req);
      payload = text ? JSON.parse(text) : {};
    } catch (err) {
      if (err instanceof AppError) return fail(res, 413, err.code, err.message);
      return fail(res, 400, 'validation', `Request body is not valid JSON: ${(err as Error).message}`);
    }
    const result = await app.dispatch(method, payload);
    const status = result.ok ? 200 : ({ validation: 400, unknown_method: 404, not_found: 404, forbidden: 403, conflict: 409 } as Record<string, number>)[result.error.code] ?? (result.error.code === 'internal' ? 500 : 422);
    send(res, status, result);
  };

  const handleMedia = async (res: ServerResponse, route: string, params: URLSearchParams, range: string | undefined) => {
    try {
      const m = await app.media.handle(route, params);
      const headers = { 'content-type': m.contentType, 'cache-control': m.maxAge ? `private, max-age=${m.maxAge}` : 'no-store', 'accept-ranges': 'bytes' };
      // Byte ranges let <audio> seek (Chromium refuses to seek media served without them).
      const r = range ? parseRange(range, m.body.length) : null;
      if (r) {
        res.writeHead(206, { ...headers, 'content-range': `bytes ${r.start}-${r.end}/${m.body.length}` });
        return res.end(m.body.subarray(r.start, r.end + 1));
      }
      res.writeHead(200, headers);
      res.end(m.body);
    } catch (err) {
      const body = toErrorBody(err);
      send(res, body.code === 'not_found' ? 404 : body.code === 'forbidden' ? 403 : body.code === 'internal' ? 500 : 422, { ok: false, error: body });
    }
  };

  const server = http.createServer(async (req, res) => {
    try {
      if (!hostAllowed(req.headers.host, bindHost, port, options.allowedHostNames ?? [])) {
        return fail(res, 421, 'forbidden', 'Unexpected Host header.');
      }
      if (!originAllowed(req.headers.origin, req.headers.host)) return fail(res, 403, 'forbidden', 'Cross-origin request refused.');
      if (climbsOut(req.url ?? '/')) return fail(res, 400, 'forbidden', 'Paths with ".." segments are refused.');
      const url = new URL(req.url ?? '/', `http://${req.headers.host}`);

      // Opening the app with ?token=… trades the token for an HttpOnly cookie and drops it from the address bar.
      const queryToken = url.searchParams.get('token');
      if (req.method === 'GET' && queryToken !== null) {
        if (!tokensEqual(queryToken, token)) return fail(res, 401, 'forbidden', 'Wrong token.');
        url.searchParams.delete('token');
        res.writeHead(302, {
          location: url.pathname + (url.search || ''),
          'set-cookie': `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
        });
        return res.end();
      }
      if (!authorized(req)) {
        return fail(res, 401, 'forbidden', 'Missing or wrong token: open the URL printed by `ssp-studio serve`.');
      }
      if (url.pathname.startsWith(API_PREFIX)) return await handleApi(req, res, decodeURIComponent(url.pathname.slice(API_PREFIX.length)));
      if (url.pathname.startsWith(MEDIA_PREFIX)) return await handleMedia(res, url.pathname.slice(MEDIA_PREFIX.length), url.searchParams, req.headers.range);
      if (req.method !== 'GET') return fail(res, 405, 'validation', 'Only GET is served here.');
      const file = resolveStatic(options.staticDir, url.pathname);
      if (!file) {
        return fail(res, 404, 'not_found', `The UI is not built (${options.staticDir} is missing). Run \`npm run build:web\`.`);
      }
      const headers: Record<string, string> = { 'content-type': file.type };
      if (file.type.startsWith('text/html')) {
        headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
        headers['cache-control'] = 'no-store';
      }
      res.writeHead(200, headers);
      fs.createReadStream(file.file).pipe(res);
    } catch (err) {
      if (!res.headersSent) fail(res, 500, 'internal', (err as Error).message);
      else res.destroy();
    }
  });
  server.requestTimeout = 120_000;
  server.headersTimeout = 10_000;

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const clients = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const ok =
      hostAllowed(req.headers.host, bindHost, port, options.allowedHostNames ?? []) &&
      originAllowed(req.headers.origin, req.headers.host) &&
      authorized(req) &&
      (req.url ?? '').split('?')[0] === '/events';
    if (!ok) {
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n');
      return socket.destroy();
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
    });
  });
  const unsubscribe = app.events.on((event) => {
    const text = JSON.stringify(event);
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, bindHost, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  const url = `http://${shownHost}:${port}`;
  return {
    url,
    openUrl: `${url}/?token=${encodeURIComponent(token)}`,
    token,
    port,
    close: async () => {
      unsubscribe();
      for (const ws of clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

