import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as tlsConnect, type PeerCertificate } from 'node:tls';
import { gzipSync } from 'node:zlib';

/**
 * The desktop's side of the team server's HTTP API. An https server is trusted only as
 * the exact certificate pinned at enrollment (its PEM as the only CA, its SHA-256
 * fingerprint checked on every connection), so a company's self-signed certificate works
 * and nothing else can stand in for it. http is for a server on this machine or behind a
 * reverse proxy the admin chose.
 */

export interface ServerCertificate {
  pem: string;
  fingerprint256: string;
}

export class TeamHttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/** The certificate a server presents, for showing its fingerprint and pinning it. */
export function fetchServerCertificate(serverUrl: string, timeoutMs = 15_000): Promise<ServerCertificate> {
  const u = new URL(serverUrl);
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: u.hostname, port: Number(u.port || 443), servername: /^[\d.:[\]]+$/.test(u.hostname) ? undefined : u.hostname, rejectUnauthorized: false });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`No TLS answer from ${u.host} within ${timeoutMs / 1000} s.`)));
    socket.once('secureConnect', () => {
      const cert: PeerCertificate = socket.getPeerCertificate();
      socket.end();
      if (!cert?.raw) return reject(new Error(`${u.host} presented no certificate.`));
      const b64 = cert.raw.toString('base64').match(/.{1,64}/g)!.join('\n');
      resolve({ pem: `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`, fingerprint256: cert.fingerprint256 });
    });
    socket.once('error', reject);
  });
}

export interface TeamHttpOptions {
  serverUrl: string;
  /** Required for https: the certificate pinned at enrollment. */
  pinned?: ServerCertificate | null;
  token?: string | null;
  timeoutMs?: number;
}

/** A request body that is JSON text already (the outbox's batches, never parsed on the way). */
export class JsonText {
  constructor(readonly text: string) {}
}

/** A JSON request (gzip-compressed), or a PUT of raw bytes (media). */
export function teamRequest<T>(o: TeamHttpOptions, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
  return send(o, method, path, body, 'json') as Promise<T>;
}

/** A GET of raw bytes (a media file coming down with a restore). */
export function teamBytes(o: TeamHttpOptions, path: string): Promise<Buffer> {
  return send(o, 'GET', path, undefined, 'bytes') as Promise<Buffer>;
}

function send(o: TeamHttpOptions, method: 'GET' | 'POST' | 'PUT', path: string, body: unknown, answer: 'json' | 'bytes'): Promise<unknown> {
  const url = new URL(`/api/v1${path}`, o.serverUrl);
  const https = url.protocol === 'https:';
  if (https && !o.pinned) return Promise.reject(new Error('No pinned certificate for this https server; enroll again.'));
  const raw = Buffer.isBuffer(body);
  // level 1: most of level 6's gain on JSON at a third of the CPU, on the rep's PC and the server
  const payload = body === undefined ? null : raw ? body
    : gzipSync(Buffer.from(body instanceof JsonText ? body.text : JSON.stringify(body)), { level: 1 });
  const headers: Record<string, string> = { accept: 'application/json' };
  if (payload && raw) Object.assign(headers, { 'content-type': 'application/octet-stream', 'content-length': String(payload.length) });
  else if (payload) Object.assign(headers, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(payload.length) });
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  const pinned = o.pinned;
  return new Promise<unknown>((resolve, reject) => {
    const options = {
      method,
      headers,
      timeout: o.timeoutMs ?? 60_000,
      agent: false as const,
      ...(https && pinned ? {
        ca: pinned.pem,
        checkServerIdentity: (_host: string, cert: PeerCertificate) =>
          cert.fingerprint256 === pinned.fingerprint256 ? undefined : new Error(`The server's certificate (${cert.fingerprint256}) is not the one pinned at enrollment (${pinned.fingerprint256}).`),
      } : {}),
    };
    const req = (https ? httpsRequest : httpRequest)(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        if (answer === 'bytes' && res.statusCode === 200) return resolve(Buffer.concat(chunks));
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown = null;
        try {
          json = text ? JSON.parse(text) : null;
        } catch {
          // not JSON: reported below with the status
        }
        if (res.statusCode === 200) return resolve(json);
        const err = (json as { error?: { code?: string; message?: string } } | null)?.error;
        reject(new TeamHttpError(res.statusCode ?? 0, err?.code ?? 'HTTP', err?.message ?? `The server answered ${res.statusCode}.`));
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`The team server did not answer within ${(o.timeoutMs ?? 60_000) / 1000} s.`)));
    req.on('error', reject);
    req.end(payload ?? undefined);
  });
}
