import { TranslateError } from './errors';

export type FetchFn = typeof fetch;

export interface HttpRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string | URLSearchParams;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed body when it was JSON; undefined otherwise. */
  json: unknown;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ETIMEDOUT',
  'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_CLOSED',
]);

function networkCode(err: unknown): string | null {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
  }
  return null;
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/**
 * One HTTP exchange with a deadline. Maps transport failures to typed errors; HTTP error
 * statuses are returned, not thrown, because each provider reads its own error payloads.
 */
export async function httpRequest(provider: string, req: HttpRequest, fetchFn: FetchFn = fetch): Promise<HttpResponse> {
  const timeout = AbortSignal.timeout(req.timeoutMs);
  const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
  let res: Response;
  let text: string;
  try {
    res = await fetchFn(req.url, {
      method: req.method ?? (req.body === undefined ? 'GET' : 'POST'),
      headers: req.headers,
      body: req.body,
      signal,
    });
    text = await res.text();
  } catch (err) {
    if (req.signal?.aborted) throw new TranslateError('CANCELLED', 'The translation was cancelled.', { provider, cause: err });
    if (timeout.aborted) {
      throw new TranslateError('TIMEOUT', `${provider} did not answer within ${req.timeoutMs} ms (${safeOrigin(req.url)}). Try again, or raise its timeout.`, { provider, cause: err });
    }
    const code = networkCode(err);
    throw new TranslateError(
      'UNREACHABLE',
      `Cannot reach ${provider} at ${safeOrigin(req.url)}${code ? ` (${code})` : ''}. Check that the server is running and the address is right.`,
      { provider, cause: err },
    );
  }
  let json: unknown;
  if (text.length > 0 && /json/i.test(res.headers.get('content-type') ?? 'application/json')) {
    try {
      json = JSON.parse(text) as unknown;
    } catch {
      json = undefined;
    }
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Retry-After as milliseconds (delta-seconds or an HTTP date), or undefined. */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const v = headers.get('retry-after');
  if (!v) return undefined;
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** A short, single-line excerpt of an error body for messages. */
export function excerpt(s: string, max = 200): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max)}…` : one;
}

/**
 * `path` (relative) under `base`, keeping any path the base already has: a self-hosted
 * server at `https://host/apy` gets `https://host/apy/translate`, not `https://host/translate`.
 */
export function endpoint(base: string, path: string, params: Record<string, string> = {}): URL {
  const url = new URL(path, base.endsWith('/') ? base : `${base}/`);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url;
}
