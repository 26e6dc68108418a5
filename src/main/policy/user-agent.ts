/**
 * A plain Chrome user agent for account sessions (ARCHITECTURE §2). Electron's default UA
 * carries `Electron/x` and `<app name>/x` tokens; WhatsApp Web treats unknown browsers
 * differently, so both are removed — on the session and again on request headers, because
 * some requests (service worker, workers) are sent with the default UA.
 */

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Removes `Electron/…` and `<appName>/…` tokens and reduces Chrome's version like Chrome itself does. */
export function cleanUserAgent(userAgent: string, appNames: readonly string[]): string {
  let ua = userAgent.replace(/\sElectron\/\S+/gi, '');
  for (const name of appNames) {
    if (!name.trim()) continue;
    const token = escapeRegExp(name.trim().replace(/\s+/g, ''));
    ua = ua.replace(new RegExp(`\\s${token}/\\S+`, 'gi'), '');
  }
  // Chrome ships a reduced UA ("Chrome/142.0.0.0"); the full build number only appears in Electron.
  ua = ua.replace(/Chrome\/(\d+)\.\d+\.\d+\.\d+/, 'Chrome/$1.0.0.0');
  return ua.replace(/\s{2,}/g, ' ').trim();
}

/**
 * Returns headers with every `User-Agent` (any case) replaced by `userAgent`, or null when
 * nothing had to change (the caller then passes the request on untouched).
 */
export function rewriteUserAgentHeader(
  headers: Readonly<Record<string, string>>,
  userAgent: string,
): Record<string, string> | null {
  let changed = false;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === 'user-agent') {
      if (value !== userAgent) changed = true;
      out[key] = userAgent;
    } else {
      out[key] = value;
    }
  }
  return changed ? out : null;
}
