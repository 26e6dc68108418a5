import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appCsp } from '../../../src/shared/csp';
import { assetContentType } from '../../../src/core/util/asset-types';
import { appAssetPath, mediaHashFromUrl, parseByteRange } from '../../../src/main/policy/protocols';
import { mediaHeaders } from '../../../src/shared/media-url';
import { MEDIA_ORIGIN, mediaUrl } from '../../../src/shared/media-url';

const SHA = 'a'.repeat(64);

describe('media protocol: a sha256 and nothing else', () => {
  it('round-trips a hash', () => {
    expect(mediaHashFromUrl(mediaUrl(MEDIA_ORIGIN, SHA))).toBe(SHA);
    expect(mediaHashFromUrl(`${mediaUrl(MEDIA_ORIGIN, SHA)}?v=2`)).toBe(SHA);
  });

  it.each([
    `sb-media://sha256/${SHA}/x`,
    `sb-media://sha256/${'A'.repeat(64)}`,
    `sb-media://sha256/${'a'.repeat(63)}`,
    `sb-media://sha256/..%2F..%2Fetc%2Fpasswd`,
    `sb-media://file/${SHA}`,
    `app://switchboard/${SHA}`,
    'garbage',
  ])('rejects %s', (url) => {
    expect(mediaHashFromUrl(url)).toBeNull();
  });

  it('serves only images/audio/video inline; HTML, SVG and unknown types as attachments', () => {
    expect(mediaHeaders('image/jpeg', 10)['Content-Type']).toBe('image/jpeg');
    expect(mediaHeaders('video/mp4', 10)['Content-Disposition']).toBeUndefined();
    for (const mime of ['text/html', 'image/svg+xml', 'application/pdf', null]) {
      const h = mediaHeaders(mime, 10);
      expect(h['Content-Type']).toBe('application/octet-stream');
      expect(h['Content-Disposition']).toBe('attachment');
      expect(h['X-Content-Type-Options']).toBe('nosniff');
    }
  });
});

describe('app protocol', () => {
  const root = path.resolve('/opt/switchboard/out/renderer');

  it('maps paths inside the renderer folder', () => {
    expect(appAssetPath(root, 'app://switchboard/')).toBe(path.join(root, 'index.html'));
    expect(appAssetPath(root, 'app://switchboard/assets/index-abc.js')).toBe(path.join(root, 'assets', 'index-abc.js'));
    expect(appAssetPath(root, 'app://switchboard/assets/a%20b.css?v=1')).toBe(path.join(root, 'assets', 'a b.css'));
  });

  it.each([
    'app://switchboard/../main/index.js',
    'app://switchboard/%2e%2e/%2e%2e/etc/passwd',
    'app://switchboard/a/%2E%2E/%2E%2E/%2E%2E/x',
  ])('never leaves the renderer folder: %s', (url) => {
    // The URL parser already folds dot segments; whatever is left must stay inside root.
    const p = appAssetPath(root, url);
    expect(p === null || p.startsWith(root + path.sep)).toBe(true);
  });

  it.each([
    'app://switchboard/..%2f..%2fmain%2findex.js',
    'app://switchboard/..%5c..%5cwindows',
    'app://switchboard/a%00b',
    'app://switchboard/%E0%A4%A',
    'app://other/index.html',
    'file:///etc/passwd',
  ])('refuses %s', (url) => {
    expect(appAssetPath(root, url)).toBeNull();
  });

  it('gives content types', () => {
    expect(assetContentType('/x/index.html')).toMatch(/^text\/html/);
    expect(assetContentType('/x/a.JS')).toMatch(/javascript/);
    expect(assetContentType('/x/a.bin')).toBe('application/octet-stream');
  });
});

describe('app CSP', () => {
  it('production: no inline or remote script, media only from our scheme', () => {
    const csp = appCsp({ devServerOrigin: null });
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain('img-src \'self\' sb-media: data: blob:');
    expect(csp).toContain("object-src 'none'");
  });

  it('development adds the Vite server and its HMR socket only', () => {
    const csp = appCsp({ devServerOrigin: 'http://localhost:5173' });
    expect(csp).toContain("script-src 'self' http://localhost:5173 'unsafe-inline'");
    expect(csp).toContain('ws://localhost:5173');
  });
});

describe('media byte ranges', () => {
  it.each([
    [null, 100, null],
    ['bytes=0-', 100, { start: 0, end: 99 }],
    ['bytes=10-19', 100, { start: 10, end: 19 }],
    ['bytes=90-500', 100, { start: 90, end: 99 }],
    ['bytes=-10', 100, { start: 90, end: 99 }],
    ['bytes=-500', 100, { start: 0, end: 99 }],
    ['bytes=100-', 100, 'unsatisfiable'],
    ['bytes=20-10', 100, 'unsatisfiable'],
    ['bytes=-0', 100, 'unsatisfiable'],
    ['bytes=0-1,5-6', 100, null],
    ['items=0-1', 100, null],
    ['bytes=-', 100, null],
  ] as const)('%s of %i → %j', (header, size, expected) => {
    expect(parseByteRange(header, size)).toEqual(expected);
  });
});
