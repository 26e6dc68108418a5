import { once } from 'node:events';
import { type IncomingHttpHeaders, createServer } from 'node:http';
import { afterAll } from 'vitest';

/**
 * A loopback HTTP server for provider contract tests. Each test file builds on it a fake of
 * one service that checks requests against the documented shape (answering 400 with the
 * reason when they do not match, so a client that drifts fails) and answers with the
 * documented response and error payloads.
 */
export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  json: unknown;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface FakeServer {
  url: string;
  requests: Recorded[];
  /** Replies queued here are used first (error injection), then `handle`. */
  inject(...replies: Reply[]): void;
  handle: (req: Recorded) => Reply | Promise<Reply>;
  count(method: string, path: string): number;
  reset(): void;
}

const servers: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

export async function startFake(handle: FakeServer['handle']): Promise<FakeServer> {
  const queue: Reply[] = [];
  const fake: FakeServer = {
    url: '',
    requests: [],
    inject: (...r) => { queue.push(...r); },
    handle,
    count: (method, path) => fake.requests.filter((r) => r.method === method && r.path === path).length,
    reset: () => { fake.requests.length = 0; queue.length = 0; },
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://x');
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = body ? JSON.parse(body) : undefined;
      } catch {
        json = undefined;
      }
      const rec: Recorded = { method: req.method ?? 'GET', path: u.pathname, query: u.searchParams, headers: req.headers, body, json };
      fake.requests.push(rec);
      void Promise.resolve(queue.shift() ?? fake.handle(rec)).then((reply) => {
        const payload = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
        res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...reply.headers });
        res.end(payload);
      }, (err: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: String(err) }));
      });
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  fake.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  servers.push({ close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) });
  return fake;
}

/** Fast retries for tests: the backoff logic is exercised, not the clock. */
export const FAST = { minRetryDelayMs: 1, maxRetryDelayMs: 20, retries: 2 };

/** A stand-in "translation" the fakes produce: recognisable, keeps placeholders intact. */
export const fakeTranslate = (text: string, to: string) => `[${to}] ${text.toUpperCase()}`;

/** A port with nothing listening (for UNREACHABLE). */
export async function closedPortUrl(): Promise<string> {
  const s = createServer();
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  const port = (s.address() as { port: number }).port;
  s.close();
  await once(s, 'close');
  return `http://127.0.0.1:${port}`;
}
