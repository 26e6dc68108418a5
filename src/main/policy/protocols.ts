import path from 'node:path';
import { MEDIA_ORIGIN, MEDIA_SCHEME, sha256FromMediaPath } from '../../shared/media-url';

/**
 * Two custom schemes, both answered by main:
 * - `app://switchboard/…` serves the built app renderer, giving it a real origin (not
 *   file://) for the IPC sender check and the CSP;
 * - `sb-media://sha256/<hex>` (shared/media-url.ts) serves archived media by hash and
 *   nothing else, so the renderer can never name a file path.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'switchboard';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;
export { MEDIA_SCHEME };

/** The sha256 a media request names, or null for anything else (other host, extra path, case). */
export function mediaHashFromUrl(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (`${u.protocol}//${u.host}` !== MEDIA_ORIGIN) return null;
  return sha256FromMediaPath(u.pathname);
}

/** The file under `root` an app:// URL names, or null (other host, traversal, not a file path). */
export function appAssetPath(root: string, url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (rel.includes('\0') || rel.includes('\\') || rel.split('/').includes('..')) return null;
  if (rel === '/' || rel === '') rel = '/index.html';
  const base = path.resolve(root);
  const file = path.resolve(base, `.${path.posix.normalize(rel)}`);
  return file.startsWith(base + path.sep) ? file : null;
}

/**
 * A single byte range from a `Range` header (media seeking), clamped to the file;
 * null = no usable range (serve the whole file), 'unsatisfiable' = answer 416.
 */
export function parseByteRange(header: string | null, size: number): { start: number; end: number } | null | 'unsatisfiable' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}
