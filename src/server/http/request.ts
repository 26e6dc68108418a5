import type { IncomingMessage, ServerResponse } from 'node:http';
import { createGunzip } from 'node:zlib';
import type { z } from 'zod';
import type { ErrorBody } from '../../core/team/wire';

/** What every route shares: reading and checking input, and answering. */

export const MAX_BODY = 64 * 1024 * 1024;

export class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}

/** An answer with a status or headers of its own (a cookie, a download name); plain values answer 200 JSON. */
export class Reply {
  constructor(readonly body: unknown, readonly headers: Record<string, string | string[]> = {}, readonly status = 200) {}
}

/** A file answered as a stream (media), with its own headers. */
export class StreamReply {
  constructor(readonly headers: Record<string, string>, readonly open: () => NodeJS.ReadableStream) {}
}

export interface Request {
  raw: IncomingMessage;
  /** The path's captured parts, for routes with parameters. */
  params: string[];
  query: URLSearchParams;
  /** The client's address (the proxy's forwarded one when the server runs behind a proxy). */
  ip: string;
  https: boolean;
}

export async function readBytes(req: IncomingMessage, max: number): Promise<Buffer> {
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

export async function readBody(req: IncomingMessage): Promise<unknown> {
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

export function parse<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const r = schema.safeParse(body);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new HttpError(400, 'INVALID_INPUT', `Invalid request at ${issue?.path.join('.') || '(body)'}: ${issue?.message ?? 'invalid'}. Nothing was changed.`);
  }
  return r.data;
}

/** A JSON body checked by `schema`. Only JSON is accepted, which a cross-site form cannot send. */
export async function jsonBody<T extends z.ZodType>(req: Request, schema: T): Promise<z.output<T>> {
  if (!/^application\/json\b/i.test(req.raw.headers['content-type'] ?? '')) {
    throw new HttpError(415, 'JSON_ONLY', 'Send the request body as application/json.');
  }
  return parse(schema, await readBody(req.raw));
}

export const queryOf = <T extends z.ZodType>(req: Request, schema: T): z.output<T> => parse(schema, Object.fromEntries(req.query));

export function cookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers,
  });
  res.end(json);
}

export const sendError = (res: ServerResponse, e: HttpError) =>
  send(res, e.status, { error: { code: e.code, message: e.message } } satisfies ErrorBody, e.headers);
