import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Core } from '../../../src/core/app';
import { appCsp } from '../../../src/shared/csp';
import { assetContentType } from '../../../src/core/util/asset-types';
import { mediaHeaders } from '../../../src/shared/media-url';
import { sha256FromMediaPath } from '../../../src/shared/media-url';

export const MEDIA_PATH = '/media';
/** Where `npm run build:renderer` puts the app renderer. */
export const RENDERER_DIR = fileURLToPath(new URL('../../../out/renderer', import.meta.url));

export interface RendererServer {
  origin: string;
  /** What `window.switchboard.mediaUrl` builds on: `<origin>/media`. */
  mediaOrigin: string;
  close(): Promise<void>;
}

/**
 * Serves the built renderer over loopback http with the app's production CSP, and media
 * by sha256 at the same URL shape main's media protocol answers (`<origin>/<sha256>`),
 * from the same Core the page is bound to.
 */
export async function serveRenderer(root: string, core: () => Core): Promise<RendererServer> {
  const base = path.resolve(root);
  if (!existsSync(path.join(base, 'index.html'))) {
    throw new Error(`No built renderer in ${base}: run \`npm run build:renderer\` first (npm run test:e2e does).`);
  }
  const csp = appCsp({ devServerOrigin: null });
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith(`${MEDIA_PATH}/`)) {
      const sha = sha256FromMediaPath(url.pathname.slice(MEDIA_PATH.length));
      if (!sha) return void res.writeHead(404).end();
      core().media(sha).then((file) => {
        if (!file) return void res.writeHead(404).end();
        res.writeHead(200, mediaHeaders(file.mime, file.size));
        file.stream().pipe(res);
      }).catch(() => res.writeHead(500).end());
      return;
    }
    // Chromium asks every http origin for a favicon; the app has none.
    if (url.pathname === '/favicon.ico') return void res.writeHead(204).end();
    const rel = url.pathname === '/' ? '/index.html' : decodeURIComponent(url.pathname);
    const file = path.resolve(base, `.${path.posix.normalize(rel)}`);
    if (!file.startsWith(base + path.sep) || !existsSync(file) || !statSync(file).isFile()) return void res.writeHead(404).end();
    res.writeHead(200, {
      'Content-Type': assetContentType(file),
      'X-Content-Type-Options': 'nosniff',
      ...(file.endsWith('.html') ? { 'Content-Security-Policy': csp } : {}),
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    mediaOrigin: `${origin}${MEDIA_PATH}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
