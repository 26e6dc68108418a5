import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assetContentType } from '../../core/util/asset-types';
import { appCsp } from '../../shared/csp';

/**
 * The lead's console: the app's own renderer build (`npm run build:renderer`), served from
 * the team server's origin with the app's production CSP. Only files of the build are
 * served; anything else is 404.
 */

/** Where a build is looked for: beside the built CLI (out/cli → out/renderer), or in a source checkout. */
const CANDIDATES = ['../renderer', '../../../out/renderer'].map((rel) => fileURLToPath(new URL(rel, import.meta.url)));

export function defaultConsoleDir(): string | null {
  return CANDIDATES.find((dir) => existsSync(path.join(dir, 'index.html'))) ?? null;
}

export function consoleAssets(dir: string): (req: IncomingMessage, res: ServerResponse) => boolean {
  const base = path.resolve(dir);
  const csp = appCsp({ devServerOrigin: null });
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    // browsers ask every origin for one; the app has none
    if (pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return true;
    }
    let rel: string;
    try {
      rel = pathname === '/' ? '/index.html' : decodeURIComponent(pathname);
    } catch {
      return false;
    }
    const file = path.resolve(base, `.${path.posix.normalize(rel)}`);
    if (!file.startsWith(base + path.sep) || !existsSync(file) || !statSync(file).isFile()) return false;
    res.writeHead(200, {
      'content-type': assetContentType(file),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      // the page itself is never cached (a new build must show at once); hashed assets may be
      'cache-control': file.endsWith('.html') ? 'no-store' : 'public, max-age=3600',
      ...(file.endsWith('.html') ? { 'content-security-policy': csp } : {}),
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
    return true;
  };
}
