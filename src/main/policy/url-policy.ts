import { MEDIA_ORIGIN } from '../../shared/media-url';

/**
 * Where each renderer may go (ARCHITECTURE §8). Account views stay on WhatsApp Web (and the
 * simulator in unpackaged test/demo runs); the app renderer stays on its own origin.
 * Everything else is either handed to the system browser after a scheme check, or denied.
 */

export const WHATSAPP_WEB_ORIGIN = 'https://web.whatsapp.com';
const EXTERNAL_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

export type NavigationDecision =
  | { action: 'allow' }
  | { action: 'external'; url: string }
  | { action: 'download'; url: string }
  | { action: 'deny'; reason: string };

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * `scheme://host[:port]`, also for custom schemes (WHATWG gives them the opaque origin
 * "null", which would make every custom-scheme page look alike). Null when there is no host.
 */
export function originOf(url: string): string | null {
  const u = parse(url);
  if (!u) return null;
  if (u.protocol === 'blob:') return originOf(u.pathname);
  if (!u.host) return null;
  return `${u.protocol}//${u.host}`.toLowerCase();
}

/** The origins an account view may show: WhatsApp Web, plus the simulator only when unpackaged. */
export function accountOrigins(opts: { waUrl: string; packaged: boolean }): ReadonlySet<string> {
  const origins = new Set([WHATSAPP_WEB_ORIGIN]);
  const configured = originOf(opts.waUrl);
  if (!opts.packaged && configured) origins.add(configured);
  return origins;
}

/** True when `url` may be given to the system browser (shell.openExternal). */
export function isExternalUrlAllowed(url: string): boolean {
  const u = parse(url);
  if (!u || !EXTERNAL_SCHEMES.has(u.protocol)) return false;
  if (u.protocol === 'mailto:') return u.pathname.length > 0;
  return u.hostname.length > 0;
}

function externalOrDeny(url: string): NavigationDecision {
  return isExternalUrlAllowed(url)
    ? { action: 'external', url }
    : { action: 'deny', reason: `scheme not allowed: ${parse(url)?.protocol ?? 'unparseable URL'}` };
}

/** A top-level navigation (will-navigate / will-redirect) inside an account view. */
export function decideAccountNavigation(url: string, allowed: ReadonlySet<string>): NavigationDecision {
  const u = parse(url);
  if (!u) return { action: 'deny', reason: 'unparseable URL' };
  const origin = originOf(url);
  if (u.protocol !== 'blob:' && origin && allowed.has(origin)) return { action: 'allow' };
  return externalOrDeny(url);
}

/** window.open / target=_blank from an account view: never a new Electron window. */
export function decideAccountWindowOpen(url: string, allowed: ReadonlySet<string>): NavigationDecision {
  const u = parse(url);
  if (!u) return { action: 'deny', reason: 'unparseable URL' };
  // WhatsApp Web opens documents as blob: URLs of its own origin; save them instead.
  if (u.protocol === 'blob:') {
    const origin = originOf(url);
    return origin && allowed.has(origin)
      ? { action: 'download', url }
      : { action: 'deny', reason: 'blob URL from a foreign origin' };
  }
  return externalOrDeny(url);
}

/** Navigation of the app renderer: only its own origin; links go out after the scheme check. */
export function decideAppNavigation(url: string, appOrigin: string): NavigationDecision {
  const origin = originOf(url);
  if (origin && origin === appOrigin.toLowerCase()) return { action: 'allow' };
  return externalOrDeny(url);
}

/**
 * window.open from the app renderer: links in archived messages open in the system browser;
 * archived media (`target=_blank` on an image or file) is offered for saving, never opened
 * in a window or handed to the OS to run.
 */
export function decideAppWindowOpen(url: string): NavigationDecision {
  if (originOf(url) === MEDIA_ORIGIN) return { action: 'download', url };
  return externalOrDeny(url);
}
