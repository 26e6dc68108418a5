import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { protocol, type Session } from 'electron';
import type { Core } from '../../core/app';
import { mediaPath, sanitizeFilename } from '../../core/archive/media-store';
import { appCsp } from '../../shared/csp';
import {
  APP_SCHEME,
  appAssetPath,
  MEDIA_SCHEME,
  mediaHashFromUrl,
  parseByteRange,
} from '../policy/protocols';
import { mediaHeaders } from '../../shared/media-url';
import { assetContentType } from '../../core/util/asset-types';
import { originOf } from '../policy/url-policy';

/** Must run before `ready`: both schemes get a real origin; media may stream (seeking). */
export function registerSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
    { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, stream: true } },
  ]);
}

const notFound = () => new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });

/**
 * The app renderer's session (the default one): it gets no permission at all, saves only
 * archived media (with a Save dialog), and is the only session that can load app:// and sb-media:// — account views
 * (other sessions) cannot fetch archived media.
 */
export function hardenAppSession(
  ses: Session,
  opts: { rendererRoot: string; devServerUrl: string | null; downloadFolder: () => string; log: (m: string) => void },
): void {
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.setDisplayMediaRequestHandler((_req, callback) => callback(null));
  // Only archived media may be saved from the app renderer, through the system's Save dialog.
  ses.on('will-download', (event, item) => {
    if (!mediaHashFromUrl(item.getURL())) {
      event.preventDefault();
      opts.log('refused a download in the app renderer');
      return;
    }
    const name = sanitizeFilename(item.getFilename()) ?? 'download';
    item.setSaveDialogOptions({ defaultPath: path.join(opts.downloadFolder(), name) });
  });

  const csp = appCsp({ devServerOrigin: opts.devServerUrl ? originOf(opts.devServerUrl) : null });
  ses.protocol.handle(APP_SCHEME, async (request) => {
    const file = appAssetPath(opts.rendererRoot, request.url);
    if (!file) return notFound();
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: { 'Content-Type': assetContentType(file), 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff' },
      });
    } catch {
      return notFound();
    }
  });
  if (opts.devServerUrl) {
    // The Vite dev server (unpackaged runs only) gets the same CSP, plus its HMR socket.
    const origin = originOf(opts.devServerUrl);
    ses.webRequest.onHeadersReceived((details, callback) => {
      if (originOf(details.url) !== origin || details.resourceType !== 'mainFrame') {
        callback({});
        return;
      }
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
    });
  }
}

/** sb-media://sha256/<hash> → the stored file, typed from the archive, with byte ranges. */
export function serveMedia(ses: Session, core: Core, mediaDir: string): void {
  ses.protocol.handle(MEDIA_SCHEME, async (request) => {
    const sha = mediaHashFromUrl(request.url);
    if (!sha) return notFound();
    const info = await core.media(sha);
    if (!info) return notFound();
    const headers = { ...mediaHeaders(info.mime, info.size), 'Accept-Ranges': 'bytes' };
    const range = parseByteRange(request.headers.get('range'), info.size);
    if (range === 'unsatisfiable') {
      return new Response(null, { status: 416, headers: { 'Content-Range': `bytes */${info.size}` } });
    }
    const file = mediaPath(mediaDir, sha);
    const stream = range ? createReadStream(file, range) : createReadStream(file);
    const body = Readable.toWeb(stream) as ReadableStream<Uint8Array>;
    if (!range) return new Response(body, { status: 200, headers });
    return new Response(body, {
      status: 206,
      headers: {
        ...headers,
        'Content-Length': String(range.end - range.start + 1),
        'Content-Range': `bytes ${range.start}-${range.end}/${info.size}`,
      },
    });
  });
}
