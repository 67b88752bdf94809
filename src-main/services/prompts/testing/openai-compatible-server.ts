import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';

/**
 * A local OpenAI-compatible /v1/chat/completions server for tests and e2e: records every request it receives and
 * answers as scripted, including the failures a real server shows (HTTP errors, broken bodies, empty answers, hangs).
 * Listens on 127.0.0.1 on a free port.
 */

export type Reply =
  | { kind: 'answer'; text: string }
  | { kind: 'status'; status: number; body?: string; headers?: Record<string, string> }
  | { kind: 'non-json' }
  | { kind: 'truncated' }
  | { kind: 'empty' }
  | { kind: 'hang' };

export interface RecordedRequest {
  /** 1-based arrival number. */
  n: number;
  path: string;
  authorization: string | null;
  body: ChatBody;
  /** The text parts of the last user message, joined. */
  text: string;
  /** data: URLs of the image parts of the last user message. */
  images: string[];
}

export interface ChatBody {
  model: string;
  messages: { role: string; content: string | ({ type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } })[] }[];
  temperature?: number;
  max_tokens?: number;
  top_p?: number;
}

export interface TestServer {
  url: string;
  requests: RecordedRequest[];
  /** Replaces the responder (called per request, in arrival order). */
  script(respond: (req: RecordedRequest) => Reply): void;
  close(): Promise<void>;
}

/** Vocabulary of the default responder: the synthetic generator's classes, so audits of its answers mean something. */
const NOUNS = ['dog', 'guitar', 'piano', 'car', 'bird', 'baby', 'violin', 'drum', 'clock', 'tree', 'table'];
const VERBS: Record<string, string> = { dog: 'barks', guitar: 'is strummed', piano: 'is played', car: 'drives', bird: 'chirps', baby: 'cries', violin: 'is bowed', drum: 'is beaten', clock: 'ticks', tree: 'stands', table: 'stands' };

/**
 * A deterministic stand-in for an MLLM: Q1 gets a scene sentence whose objects are picked by a hash of the prompt and
 * the images (so another Q1 or another video gives another scene); a Q2 request (it carries A1) gets the nouns of A1
 * that sound, in a comma list.
 */
export function fakeModel(req: RecordedRequest): Reply {
  const a1Nouns = NOUNS.filter((n) => new RegExp(`\\b${n}\\b`).test(req.text));
  if (/potentially produce sound|sound/i.test(req.text) && a1Nouns.length)
    return { kind: 'answer', text: a1Nouns.filter((n) => n !== 'tree' && n !== 'table').join(', ') || 'nothing' };
  const h = createHash('sha256').update(req.text).update(req.images.join('')).digest();
  const picked = [...new Set([h[0], h[1], h[2]].map((b) => NOUNS[b % NOUNS.length]))].slice(0, 1 + (h[3] % 3));
  return { kind: 'answer', text: picked.map((n) => `a ${n} ${VERBS[n]} in the ${h[4] % 2 ? 'left' : 'right'} of the bright scene`).join(', ') + '.' };
}

export async function startTestServer(respond: (req: RecordedRequest) => Reply = fakeModel): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: ChatBody;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'request body is not JSON' } }));
        return;
      }
      if (req.url !== '/v1/chat/completions') {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `no route ${req.url}` } }));
        return;
      }
      const last = [...(body.messages ?? [])].reverse().find((m) => m.role === 'user');
      const parts = typeof last?.content === 'string' ? [{ type: 'text' as const, text: last.content }] : (last?.content ?? []);
      const rec: RecordedRequest = {
        n: requests.length + 1,
        path: req.url,
        authorization: req.headers.authorization ?? null,
        body,
        text: parts.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join('\n'),
        images: parts.flatMap((p) => (p.type === 'image_url' ? [p.image_url.url] : [])),
      };
      requests.push(rec);
      reply(res, respond(rec), body.model);
    });
  });

  function reply(res: http.ServerResponse, r: Reply, model: string) {
    const completion = (text: string) =>
      JSON.stringify({ id: 'chatcmpl-test', object: 'chat.completion', model, choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }] });
    switch (r.kind) {
      case 'answer':
        return res.writeHead(200, { 'content-type': 'application/json' }).end(completion(r.text));
      case 'empty':
        return res.writeHead(200, { 'content-type': 'application/json' }).end(completion(''));
      case 'status':
        return res.writeHead(r.status, { 'content-type': 'application/json', ...r.headers }).end(r.body ?? JSON.stringify({ error: { message: `scripted ${r.status}` } }));
      case 'non-json':
        return res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>502 Bad Gateway</body></html>');
      case 'truncated': {
        const full = completion('a man plays a guitar');
        return res.writeHead(200, { 'content-type': 'application/json' }).end(full.slice(0, Math.floor(full.length / 2)));
      }
      case 'hang':
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    script(fn) {
      respond = fn;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
