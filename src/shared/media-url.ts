/**
 * The one shape of a media URL: `<origin>/<sha256>`. Main serves it through the custom
 * protocol (`sb-media://sha256/<sha256>`); the browser harness serves the same
 * path over loopback http. The renderer only ever calls `window.switchboard.mediaUrl`,
 * so it never knows which. Nothing but a sha256 can be asked for: no paths, no names.
 */
export const MEDIA_SCHEME = 'sb-media';
export const MEDIA_ORIGIN = `${MEDIA_SCHEME}://sha256`;

const SHA256 = /^[0-9a-f]{64}$/;

export function isSha256(s: unknown): s is string {
  return typeof s === 'string' && SHA256.test(s);
}

/** `origin` has no trailing slash. Throws on anything that is not a lowercase hex sha256. */
export function mediaUrl(origin: string, sha256: string): string {
  if (!isSha256(sha256)) throw new Error('mediaUrl: not a sha256');
  return `${origin}/${sha256}`;
}

/** The sha256 a request path names (`/<sha256>`, query ignored), or null for anything else. */
export function sha256FromMediaPath(pathname: string): string | null {
  const m = /^\/([0-9a-f]{64})$/.exec(pathname);
  return m ? m[1]! : null;
}

/**
 * Types the renderer may display inline; everything else is served as an opaque download.
 * The desktop's sb-media:// handler and the team server answer media with these headers.
 */
const INLINE_TYPES = /^(image\/(jpeg|png|gif|webp|avif|bmp)|audio\/[a-z0-9.+-]+|video\/[a-z0-9.+-]+)$/;

export function mediaHeaders(mime: string | null, size: number): Record<string, string> {
  const safe = mime !== null && INLINE_TYPES.test(mime.toLowerCase()) ? mime.toLowerCase() : null;
  return {
    'Content-Type': safe ?? 'application/octet-stream',
    'Content-Length': String(size),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, max-age=31536000, immutable',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    ...(safe ? {} : { 'Content-Disposition': 'attachment' }),
  };
}
