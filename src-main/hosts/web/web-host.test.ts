import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import WebSocket from 'ws';
import { createApp, type App } from '../../app/compose';
import { startWebHost, type WebHost } from './web-host';
import { parseRange } from '../media-range';
import { tokensEqual } from './auth';
import { createRun } from '../../services/metrics/run-store';

/** Resolves with the HTTP status a WebSocket upgrade got (101 when it opened). */
function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => (ws.close(), resolve(101)));
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', reject);
  });
}

let app: App;
let host: WebHost;
let staticDir: string;
let dir: string;

/** Raw request so tests control Host/Origin headers exactly (fetch forbids setting Host). */
function request(opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: host.port, method: opts.method ?? 'GET', path: opts.path, headers: { host: `127.0.0.1:${host.port}`, ...opts.headers } },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}
const auth = () => ({ authorization: `Bearer ${host.token}`, 'content-type': 'application/json' });
const callApi = (method: string, body: unknown, headers: Record<string, string> = auth()) =>
  request({ method: 'POST', path: `/api/call/${method}`, headers, body: JSON.stringify(body) });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-web-'));
  staticDir = path.join(dir, 'web');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>ui</title>');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'do not serve');
  app = createApp({ dataDir: path.join(dir, 'data'), host: 'web' });
  host = await startWebHost(app, { staticDir, maxBodyBytes: 64 * 1024 });
});
afterAll(async () => {
  await host.close();
  app.dispose();
});

describe('web host', () => {
  it('binds loopback by default and serves the contract with a token', async () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const r = await callApi('system.info', {});
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).value.host).toBe('web');
  });

  it('refuses requests without the token or with a wrong one', async () => {
    expect((await callApi('system.info', {}, { 'content-type': 'application/json' })).status).toBe(401);
    expect((await callApi('system.info', {}, { authorization: 'Bearer nope' })).status).toBe(401);
    expect((await request({ path: '/?token=wrong' })).status).toBe(401);
  });

  it('trades the URL token for an HttpOnly cookie that then authorises calls', async () => {
    const r = await request({ path: `/?token=${host.token}` });
    expect(r.status).toBe(302);
    const cookie = String(r.headers['set-cookie']).split(';')[0];
    expect(String(r.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    const page = await request({ path: '/', headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect((await callApi('settings.get', {}, { cookie })).status).toBe(200);
  });

  it('answers a malformed payload with a validation error naming the field, and keeps serving', async () => {
    const bad = await callApi('settings.update', { jobs: { concurrency: 'many' } });
    expect(bad.status).toBe(400);
    const body = JSON.parse(bad.body);
    expect(body.error.code).toBe('validation');
    expect(body.error.message).toMatch(/jobs\.concurrency/);
    const notJson = await request({ method: 'POST', path: '/api/call/settings.get', headers: auth(), body: '{oops' });
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body).error.message).toMatch(/not valid JSON/);
    expect((await callApi('no.such', {})).status).toBe(404);
    expect((await callApi('system.info', {})).status).toBe(200);
  });

  it('persists a settings change through the API', async () => {
    await callApi('settings.update', { jobs: { concurrency: 4 } });
    expect(JSON.parse((await callApi('settings.get', {})).body).value.jobs.concurrency).toBe(4);
  });

  it('rejects foreign Host headers (DNS rebinding) and cross-site Origins', async () => {
    const rebound = await request({ method: 'POST', path: '/api/call/system.info', headers: { ...auth(), host: `evil.example:${host.port}` }, body: '{}' });
    expect(rebound.status).toBe(421);
    const cross = await callApi('system.info', {}, { ...auth(), origin: 'http://evil.example' });
    expect(cross.status).toBe(403);
    const same = await callApi('system.info', {}, { ...auth(), origin: `http://127.0.0.1:${host.port}` });
    expect(same.status).toBe(200);
  });

  it('limits request bodies, declared or streamed', async () => {
    const big = JSON.stringify({ ui: { lastDatasetRoot: 'x'.repeat(100 * 1024) } });
    const declared = await request({ method: 'POST', path: '/api/call/settings.update', headers: { ...auth(), 'content-length': String(big.length) }, body: big });
    expect(declared.status).toBe(413);
    const streamed = await request({ method: 'POST', path: '/api/call/settings.update', headers: auth(), body: big });
    expect(streamed.status).toBe(413);
    expect(JSON.parse((await callApi('settings.get', {})).body).value.ui.lastDatasetRoot).toBeNull();
  });

  it('never serves files outside the built UI', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      const r = await request({ path: p, headers: auth() });
      expect(r.body).not.toContain('do not serve');
    }
  });

  it('pushes events over an authorised WebSocket only', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/events`, { headers: { authorization: `Bearer ${host.token}` } });
    await new Promise((r, j) => { ws.on('open', r); ws.on('error', j); });
    const got = new Promise<string>((r) => ws.on('message', (m) => r(String(m))));
    await callApi('settings.update', { ui: { theme: 'light' } });
    expect(JSON.parse(await got)).toEqual({ type: 'settings.changed' });
    ws.close();
    const denied = new WebSocket(`ws://127.0.0.1:${host.port}/events`);
    await expect(new Promise((r, j) => { denied.on('open', r); denied.on('error', j); })).rejects.toThrow(/403/);
  });

  it('refuses WebSocket upgrades with a foreign Origin or Host, even with the token', async () => {
    const url = `ws://127.0.0.1:${host.port}/events`;
    const bearer = { authorization: `Bearer ${host.token}` };
    expect(await upgradeStatus(url, bearer)).toBe(101);
    expect(await upgradeStatus(url, { ...bearer, origin: `http://127.0.0.1:${host.port}` })).toBe(101);
    expect(await upgradeStatus(url, { ...bearer, origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(url, { ...bearer, origin: 'null' })).toBe(403);
    expect(await upgradeStatus(url, { ...bearer, host: `evil.example:${host.port}` })).toBe(403);
    expect(await upgradeStatus(`ws://127.0.0.1:${host.port}/%65vents`, bearer)).toBe(403);
  });

  it('refuses URL-encoded traversal in media routes with 4xx and never serves a file outside the allowed folders', async () => {
    const png = (text: string) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(text)]);
    const pred = path.join(dir, 'data', 'predictions', 'm-1');
    fs.mkdirSync(path.join(pred, 'v1s', 'abc'), { recursive: true });
    fs.writeFileSync(path.join(pred, 'v1s', 'abc', '0.png'), png('served prediction'));
    fs.mkdirSync(path.join(dir, 'data', 'v1s', 'abc'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'data', 'v1s', 'abc', '0.png'), png('outside the run folder'));
    fs.writeFileSync(path.join(dir, '0.png'), png('outside the data folder'));
    const runId = createRun(app.db, { name: 'm', kind: 'binary', source: { type: 'model', name: 'm', path: pred }, datasetId: 1 });
    const get = (p: string) => request({ path: p, headers: auth() });
    const ok = await get(`/media/metrics/prediction?runId=${runId}&subset=v1s&uid=abc&t=0`);
    expect([ok.status, ok.body.includes('served prediction')]).toEqual([200, true]);
    const tricks = [
      `/media/metrics/prediction?runId=${runId}&subset=%2e%2e%2f%2e%2e%2fv1s&uid=abc&t=0`,
      `/media/metrics/prediction?runId=${runId}&subset=..%2F..&uid=..&t=0`,
      `/media/metrics/prediction?runId=${runId}&subset=%252e%252e&uid=%252e%252e&t=0`,
      `/media/metrics/prediction?runId=${runId}&subset=%2e%2e&uid=%2e%2e%5c%2e%2e&t=0`,
      `/media/metrics/prediction?runId=${runId}&subset=%2Fetc&uid=passwd&t=0`,
      `/media/metrics/prediction?runId=${runId}&subset=v1s%00&uid=abc&t=0`,
      `/media/metrics%2fprediction?runId=${runId}&subset=v1s&uid=abc&t=0`,
      '/media/%2e%2e/%2e%2e/secret.txt',
      '/media/..%2f..%2fsecret.txt',
      '/media/%252e%252e/secret.txt',
      `/media/datasets/frame?datasetId=1&subset=%2e%2e&uid=%2e%2e&t=0`,
    ];
    for (const p of tricks) {
      const r = await get(p);
      expect(r.status, p).toBeGreaterThanOrEqual(400);
      expect(r.status, p).toBeLessThan(500);
      expect(r.body, p).not.toMatch(/outside the|do not serve/);
    }
  });

  it('bound to a non-loopback address with a token, accepts only the configured host names', async () => {
    const lan = await startWebHost(app, { host: '0.0.0.0', token: 'lan-secret-token', allowedHostNames: ['studio.lan'], staticDir });
    try {
      const at = (hostName: string, headers: Record<string, string> = { authorization: 'Bearer lan-secret-token' }) =>
        new Promise<number>((resolve, reject) => {
          const req = http.request({ host: '127.0.0.1', port: lan.port, method: 'POST', path: '/api/call/system.info', headers: { host: `${hostName}:${lan.port}`, 'content-type': 'application/json', ...headers } }, (res) => (res.resume(), resolve(res.statusCode!)));
          req.on('error', reject);
          req.end('{}');
        });
      expect(await at('studio.lan')).toBe(200);
      expect(await at('0.0.0.0')).toBe(200);
      for (const other of ['evil.example', 'studio.lan.evil.example', 'localhost']) expect(await at(other), other).toBe(421);
      expect(await at('studio.lan', { authorization: 'Bearer wrong' })).toBe(401);
      expect(await upgradeStatus(`ws://127.0.0.1:${lan.port}/events`, { host: `evil.example:${lan.port}`, authorization: 'Bearer lan-secret-token' })).toBe(403);
      expect(await upgradeStatus(`ws://127.0.0.1:${lan.port}/events`, { host: `studio.lan:${lan.port}`, authorization: 'Bearer lan-secret-token' })).toBe(101);
    } finally {
      await lan.close();
    }
  });

  it('refuses tokens of any other length or content without throwing', async () => {
    const ascii = ['', host.token.slice(0, -1), `${host.token}x`, host.token.repeat(50), ' '.repeat(host.token.length)];
    for (const t of [...ascii, 'é'.repeat(32), '\u0000'.repeat(host.token.length)]) {
      expect(tokensEqual(t, host.token), t).toBe(false);
      expect((await request({ path: `/?token=${encodeURIComponent(t)}` })).status, t).toBe(401);
      if (ascii.includes(t)) expect((await callApi('system.info', {}, { authorization: `Bearer ${t}`, 'content-type': 'application/json' })).status, t).toBe(401);
    }
    expect((await callApi('system.info', {})).status).toBe(200);
  });

  it('refuses to bind a non-loopback address without a token', async () => {
    await expect(startWebHost(app, { host: '0.0.0.0', staticDir })).rejects.toThrow(/without a token/);
  });

  it('compares tokens exactly', () => {
    expect(tokensEqual('abc', 'abc')).toBe(true);
    expect(tokensEqual('abc', 'abd')).toBe(false);
    expect(tokensEqual('abc', 'abcd')).toBe(false);
  });

  it('parses byte ranges for seekable media', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=900-', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=990-2000', 1000)).toEqual({ start: 990, end: 999 });
    for (const bad of ['bytes=1000-', 'bytes=5-2', 'bytes=-', 'items=0-1', 'bytes=0-1,4-5']) expect(parseRange(bad, 1000), bad).toBeNull();
  });
});
