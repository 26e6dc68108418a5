import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { once } from 'node:events';
import { createGunzip } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import type { z } from 'zod';
import type { Pool } from '../pg/db';
import { deviceByToken, enrollDevice, EnrollmentError, type DeviceAuth } from '../team/accounts';
import { DeviceRevokedError, ingestPush, ingestUpload } from '../team/ingest';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mediaPath, putMedia } from '../../core/archive/media-store';
import { API_PREFIX, EnrollRequest, type ErrorBody, MEDIA_PATH, MediaMissingRequest, PushRequest, UploadRequest } from '../../core/team/wire';

/**
 * The team server's HTTP(S) endpoint. Stateless: any number of instances may serve one
 * PostgreSQL. Every body is validated with the route's zod schema; bad input gets a 4xx
 * that says what is wrong and changes nothing.
 */

const MAX_BODY = 64 * 1024 * 1024;

export interface HttpOptions {
  pool: Pool;
  listen: { host: string; port: number };
  tls?: { cert: string | Buffer; key: string | Buffer } | null;
  version?: string;
  log?: (line: string) => void;
  /** Where uploaded media files go (content-addressed, as on the desktop); null: the server keeps no media. */
  mediaDir?: string | null;
  /** Largest media file accepted. */
  mediaMaxBytes?: number;
}

/** Default cap for one uploaded media file: larger than the desktop's default capture cap. */
export const MEDIA_MAX_BYTES = 256 * 1024 * 1024;

export interface RunningHttp {
  url: string;
  server: Server;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

async function readBytes(req: IncomingMessage, max: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > max) throw new HttpError(413, 'TOO_LARGE', `The file is over the server's ${max}-byte media cap; it stays on the desktop only.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) throw new HttpError(413, 'TOO_LARGE', `The file is over the server's ${max}-byte media cap; it stays on the desktop only.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const gz = /gzip/i.test(req.headers['content-encoding'] ?? '');
  const source = gz ? req.pipe(createGunzip()) : req;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new HttpError(413, 'TOO_LARGE', `Request body over ${MAX_BODY} bytes; send smaller batches.`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'INVALID_JSON', 'The request body is not valid JSON.');
  }
}

function parse<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const r = schema.safeParse(body);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new HttpError(400, 'INVALID_INPUT', `Invalid request at ${issue?.path.join('.') || '(body)'}: ${issue?.message ?? 'invalid'}. Nothing was changed.`);
  }
  return r.data;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(json);
}

async function device(pool: Pool, req: IncomingMessage): Promise<DeviceAuth> {
  const m = /^Bearer ([A-Za-z0-9_-]{20,})$/.exec(req.headers.authorization ?? '');
  if (!m?.[1]) throw new HttpError(401, 'UNAUTHENTICATED', 'Missing or malformed device token; enroll this device first.');
  const d = await deviceByToken(pool, m[1]);
  if (!d) throw new HttpError(401, 'UNAUTHENTICATED', 'Unknown device token; enroll this device again.');
  if (d.revoked) throw new HttpError(403, 'DEVICE_REVOKED', 'This device was revoked by an administrator; enroll it again to replicate.');
  return d;
}

export async function startHttp(o: HttpOptions): Promise<RunningHttp> {
  const { pool } = o;
  const routes: Record<string, (req: IncomingMessage) => Promise<unknown>> = {
    'GET /health': async () => ({ ok: true, version: o.version ?? null }),
    'POST /enroll': async (req) => {
      const input = parse(EnrollRequest, await readBody(req));
      try {
        const r = await enrollDevice(pool, input);
        return { deviceId: r.deviceId, token: r.token };
      } catch (err) {
        if (err instanceof EnrollmentError) throw new HttpError(403, err.code, err.message);
        throw err;
      }
    },
    'GET /device': async (req) => {
      const d = await device(pool, req);
      const row = (await pool.query<{ acked_seq: number }>('SELECT acked_seq FROM devices WHERE id = $1', [d.deviceId])).rows[0];
      return { deviceId: d.deviceId, ackedSeq: row?.acked_seq ?? 0, revoked: false };
    },
    'POST /push': async (req) => {
      const d = await device(pool, req);
      const input = parse(PushRequest, await readBody(req));
      const r = await ingestPush(pool, d.deviceId, input.batches);
      return { ackedSeq: r.ackedSeq, applied: r.applied, skipped: r.skipped };
    },
    'POST /upload': async (req) => {
      const d = await device(pool, req);
      const input = parse(UploadRequest, await readBody(req));
      const r = await ingestUpload(pool, d.deviceId, input);
      return { ops: r.ops, messagesInserted: r.messagesInserted };
    },
    'POST /media/missing': async (req) => {
      await device(pool, req);
      const input = parse(MediaMissingRequest, await readBody(req));
      const dir = o.mediaDir;
      if (!dir) return { missing: [], maxBytes: null };
      return { missing: [...new Set(input.sha256)].filter((h) => !existsSync(mediaPath(dir, h))), maxBytes: mediaMax };
    },
  };
  const mediaMax = o.mediaMaxBytes ?? MEDIA_MAX_BYTES;
  // Content-addressed: the hash in the path must be the bytes' hash, so a file is stored once
  // whoever sends it and a resent file changes nothing.
  const putMediaRoute = async (req: IncomingMessage, sha256: string) => {
    await device(pool, req);
    const dir = o.mediaDir;
    if (!dir) throw new HttpError(404, 'MEDIA_DISABLED', 'This team server keeps no media (started without --media-dir).');
    const bytes = await readBytes(req, mediaMax);
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== sha256) throw new HttpError(400, 'HASH_MISMATCH', `The bytes hash to ${actual}, not ${sha256}; nothing was kept.`);
    return { stored: (await putMedia(dir, bytes, mediaMax)).created };
  };

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const rel = path.startsWith(API_PREFIX) ? path.slice(API_PREFIX.length) : null;
    const media = rel !== null && req.method === 'PUT' ? MEDIA_PATH.exec(rel) : null;
    const route = media?.[1] ? (r: IncomingMessage) => putMediaRoute(r, media[1]!) : rel !== null ? routes[`${req.method} ${rel}`] : undefined;
    if (!route) {
      send(res, 404, { error: { code: 'NOT_FOUND', message: `No ${req.method} ${path}.` } } satisfies ErrorBody);
      return;
    }
    route(req).then(
      (body) => send(res, 200, body),
      (err: unknown) => {
        if (err instanceof HttpError) return send(res, err.status, { error: { code: err.code, message: err.message } } satisfies ErrorBody);
        if (err instanceof DeviceRevokedError) return send(res, 403, { error: { code: err.code, message: err.message } } satisfies ErrorBody);
        o.log?.(`error on ${req.method} ${path}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
        send(res, 500, { error: { code: 'INTERNAL', message: 'The server could not apply this request; it will be retried.' } } satisfies ErrorBody);
      },
    );
  };

  const server: Server = o.tls ? createHttpsServer({ cert: o.tls.cert, key: o.tls.key }, handler) : createHttpServer(handler);
  server.keepAliveTimeout = 30_000;
  server.listen(o.listen.port, o.listen.host);
  await once(server, 'listening');
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `${o.tls ? 'https' : 'http'}://${host}:${addr.port}`,
    server,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close').catch(() => undefined);
    },
  };
}
