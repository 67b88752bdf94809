import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { askWithImages, MAX_RETRY_DELAY_MS, ProviderError, retryDelayMs, type ProviderEndpoint } from './provider-client';
import { mapLimited } from './limiter';
import { startTestServer, type Reply, type TestServer } from './testing/openai-compatible-server';

let server: TestServer;
let ep: ProviderEndpoint;
const sampling = { temperature: 0.2, maxTokens: 64, topP: 0.9 };
const img = 'data:image/jpeg;base64,/9j/AAAA';

beforeAll(async () => {
  server = await startTestServer();
  ep = { baseUrl: server.url, model: 'minicpm-v', apiKey: 'sk-test', timeoutMs: 2000, retries: 2, backoffMs: 5 };
});
afterAll(() => server.close());
beforeEach(() => server.requests.splice(0));

const sequence = (...replies: Reply[]) => server.script(() => replies.shift() ?? { kind: 'answer', text: 'fallback' });
const failure = (p: Promise<unknown>) => p.then(() => null, (e: ProviderError) => ({ kind: e.kind, status: e.status, message: e.message }));

describe('askWithImages against the local OpenAI-compatible server', () => {
  it('sends the model, sampling, key, text and images', async () => {
    sequence({ kind: 'answer', text: '  a man plays a guitar \n' });
    expect(await askWithImages(ep, 'Describe', [img, img], sampling)).toBe('a man plays a guitar');
    const [r] = server.requests;
    expect(r.authorization).toBe('Bearer sk-test');
    expect(r.images).toEqual([img, img]);
    expect(r.text).toBe('Describe');
    expect(r.body).toMatchObject({ model: 'minicpm-v', temperature: 0.2, max_tokens: 64, top_p: 0.9 });
  });

  it('retries 5xx and 429 with backoff, then succeeds', async () => {
    sequence({ kind: 'status', status: 503 }, { kind: 'status', status: 429 }, { kind: 'answer', text: 'ok' });
    expect(await askWithImages(ep, 'q', [], sampling)).toBe('ok');
    expect(server.requests).toHaveLength(3);
  });

  it('gives up after the retries with the last HTTP error', async () => {
    sequence({ kind: 'status', status: 500 }, { kind: 'status', status: 502 }, { kind: 'status', status: 500, body: '{"error":{"message":"model crashed"}}' });
    expect(await failure(askWithImages(ep, 'q', [], sampling))).toMatchObject({ kind: 'http', status: 500, message: expect.stringContaining('model crashed') });
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry other 4xx and names the fix', async () => {
    sequence({ kind: 'status', status: 401 });
    expect(await failure(askWithImages(ep, 'q', [], sampling))).toMatchObject({ kind: 'http', status: 401, message: expect.stringContaining('API key') });
    expect(server.requests).toHaveLength(1);
    sequence({ kind: 'status', status: 404 });
    expect((await failure(askWithImages(ep, 'q', [], sampling)))?.message).toMatch(/base URL/);
  });

  it.each([
    [{ kind: 'non-json' } as Reply, 'bad_reply', /not valid JSON/],
    [{ kind: 'truncated' } as Reply, 'bad_reply', /not valid JSON/],
    [{ kind: 'empty' } as Reply, 'empty', /empty/],
  ])('reports %o without retrying', async (reply, kind, msg) => {
    sequence(reply);
    expect(await failure(askWithImages(ep, 'q', [], sampling))).toMatchObject({ kind, message: expect.stringMatching(msg) });
    expect(server.requests).toHaveLength(1);
  });

  it('times out a hanging server on every attempt', async () => {
    server.script(() => ({ kind: 'hang' }));
    expect(await failure(askWithImages({ ...ep, timeoutMs: 150, retries: 1 }, 'q', [], sampling))).toMatchObject({ kind: 'timeout' });
    expect(server.requests).toHaveLength(2);
  });

  it('reports an unreachable server (closed port) after retrying', async () => {
    const gone = await startTestServer();
    await gone.close();
    expect(await failure(askWithImages({ ...ep, baseUrl: gone.url, retries: 1 }, 'q', [], sampling))).toMatchObject({ kind: 'unreachable', message: expect.stringContaining('ECONNREFUSED') });
  });

  it('cancels a call in flight and during backoff', async () => {
    server.script(() => ({ kind: 'hang' }));
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    expect(await failure(askWithImages(ep, 'q', [], sampling, ac.signal))).toMatchObject({ kind: 'cancelled' });
    sequence({ kind: 'status', status: 503 });
    const ac2 = new AbortController();
    const p = failure(askWithImages({ ...ep, backoffMs: 10_000 }, 'q', [], sampling, ac2.signal));
    setTimeout(() => ac2.abort(), 50);
    expect(await p).toMatchObject({ kind: 'cancelled' });
  });
});

describe('retryDelayMs', () => {
  it('doubles the backoff and honours a longer Retry-After (seconds or HTTP date), capped', () => {
    expect([0, 1, 2, 3].map((a) => retryDelayMs(a, 500))).toEqual([500, 1000, 2000, 4000]);
    expect(retryDelayMs(0, 500, '3')).toBe(3000);
    expect(retryDelayMs(3, 500, '1')).toBe(4000);
    const now = Date.parse('2026-11-24T05:00:00Z');
    expect(retryDelayMs(0, 100, 'Tue, 24 Nov 2026 05:00:07 GMT', now)).toBe(7000);
    expect(retryDelayMs(0, 100, 'Tue, 24 Nov 2026 04:59:00 GMT', now)).toBe(100);
    expect(retryDelayMs(0, 100, 'soon')).toBe(100);
    expect(retryDelayMs(0, 100, '86400')).toBe(MAX_RETRY_DELAY_MS);
    expect(retryDelayMs(20, 1000)).toBe(MAX_RETRY_DELAY_MS);
  });
  it('passes the Retry-After of a 429 to the retry loop', async () => {
    sequence({ kind: 'status', status: 429, headers: { 'retry-after': '0' } }, { kind: 'answer', text: 'ok' });
    expect(await askWithImages(ep, 'q', [], sampling)).toBe('ok');
    sequence({ kind: 'status', status: 429, headers: { 'retry-after': '7' } });
    const err = await askWithImages({ ...ep, retries: 0 }, 'q', [], sampling).catch((e: ProviderError) => e);
    expect((err as ProviderError).retryAfter).toBe('7');
  });
});

describe('mapLimited', () => {
  it('never runs more than the limit at once and keeps order', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapLimited([5, 1, 4, 2, 3, 0], 2, async (x) => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((r) => setTimeout(r, x * 3));
      inFlight--;
      return x * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0]);
    expect(peak).toBe(2);
  });
});
