import { MEDIA_SCHEME } from './media-url';

/**
 * Content-Security-Policy of the app renderer (ARCHITECTURE §8), in Electron and served by
 * the team server to browsers alike. It shows archived message text, which is
 * attacker-controlled: no inline script, no remote code, no plugins, media only from our
 * media scheme or our own origin. Development adds the Vite dev server and its HMR socket.
 */
export function appCsp(opts: { devServerOrigin: string | null }): string {
  const dev = opts.devServerOrigin;
  const ws = dev ? dev.replace(/^http/, 'ws') : null;
  const directives: Record<string, string[]> = {
    'default-src': ["'none'"],
    // Vite's React refresh preamble is an inline script; only the dev server needs it.
    'script-src': dev ? ["'self'", dev, "'unsafe-inline'"] : ["'self'"],
    'style-src': dev ? ["'self'", dev, "'unsafe-inline'"] : ["'self'"],
    'img-src': ["'self'", `${MEDIA_SCHEME}:`, 'data:', 'blob:'],
    'media-src': ["'self'", `${MEDIA_SCHEME}:`, 'blob:'],
    'font-src': ["'self'", ...(dev ? [dev] : [])],
    'connect-src': ["'self'", ...(dev && ws ? [dev, ws] : [])],
    'worker-src': ["'self'"],
    'object-src': ["'none'"],
    'frame-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([k, v]) => `${k} ${v.join(' ')}`)
    .join('; ');
}
