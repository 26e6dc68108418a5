import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Pool } from '../pg/db';
import { API_PREFIX } from '../../core/team/wire';
import { HttpError, Reply, send, sendError, StreamReply } from './request';
import { findRoute, type Route } from './routes';
import { deviceRoutes, MEDIA_MAX_BYTES } from './routes-device';
import { peopleRoutes, sessionGuard } from './routes-people';
import { readRoutes } from './routes-read';
import { callRoutes } from './routes-call';
import { startLiveHub } from '../console/live-hub';
import { consoleAssets } from './console-assets';

/**
 * The team server's HTTP(S) endpoint. Stateless: any number of instances may serve one
 * PostgreSQL. Every body is validated with the route's zod schema; bad input gets a 4xx
 * that says what is wrong and changes nothing.
 */

export interface HttpOptions {
  pool: Pool;
  listen: { host: string; port: number };
  tls?: { cert: string | Buffer; key: string | Buffer } | null;
  /** Behind a reverse proxy: the client's address is the proxy's X-Forwarded-For, and cookies are Secure. */
  behindProxy?: boolean;
  version?: string;
  log?: (line: string) => void;
  /** Where uploaded media files go (content-addressed, as on the desktop); null: the server keeps no media. */
  mediaDir?: string | null;
  /** Largest media file accepted. */
  mediaMaxBytes?: number;
  /** The built renderer to serve as the console at `/`; null: the API only. */
  consoleDir?: string | null;
}

export interface RunningHttp {
  url: string;
  server: Server;
  close(): Promise<void>;
}

function clientIp(req: IncomingMessage, behindProxy: boolean): string {
  const forwarded = behindProxy ? String(req.headers['x-forwarded-for'] ?? '').split(',')[0]?.trim() : '';
  return forwarded || req.socket.remoteAddress || 'unknown';
}

export async function startHttp(o: HttpOptions): Promise<RunningHttp> {
  const { pool } = o;
  const session = sessionGuard(pool);
  const routes: Route[] = [
    ['GET', '/health', async () => ({ ok: true, version: o.version ?? null })],
    ...deviceRoutes(pool, { mediaDir: o.mediaDir ?? null, mediaMaxBytes: o.mediaMaxBytes ?? MEDIA_MAX_BYTES }),
    ...peopleRoutes(pool, session),
    ...readRoutes(pool, session, o.mediaDir ?? null),
    ...callRoutes({ pool, version: o.version ?? '0.0.0', ...(o.log ? { log: o.log } : {}) }, session),
  ];

  const assets = o.consoleDir ? consoleAssets(o.consoleDir) : null;
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const rel = url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) : null;
    if (rel === null && assets?.(req, res)) return;
    const found = rel !== null ? findRoute(routes, req.method ?? 'GET', rel) : null;
    if (!found) {
      sendError(res, new HttpError(404, 'NOT_FOUND', `No ${req.method} ${url.pathname}.`));
      return;
    }
    const request = { raw: req, params: found.params, query: url.searchParams, ip: clientIp(req, !!o.behindProxy), https: !!o.tls || !!o.behindProxy };
    found.handle(request).then(
      (body) => {
        if (body instanceof StreamReply) {
          res.writeHead(200, body.headers);
          body.open().on('error', () => res.destroy()).pipe(res);
        } else if (body instanceof Reply) send(res, body.status, body.body, body.headers);
        else send(res, 200, body);
      },
      (err: unknown) => {
        if (err instanceof HttpError) return sendError(res, err);
        o.log?.(`error on ${req.method} ${url.pathname}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
        sendError(res, new HttpError(500, 'INTERNAL', 'The server could not apply this request; it will be retried.'));
      },
    );
  };

  const server: Server = o.tls ? createHttpsServer({ cert: o.tls.cert, key: o.tls.key }, handler) : createHttpServer(handler);
  server.keepAliveTimeout = 30_000;
  server.listen(o.listen.port, o.listen.host);
  await once(server, 'listening');
  const live = await startLiveHub(pool, server, o.log);
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `${o.tls ? 'https' : 'http'}://${host}:${addr.port}`,
    server,
    async close() {
      await live.close();
      server.closeAllConnections();
      server.close();
      await once(server, 'close').catch(() => undefined);
    },
  };
}
