/**
 * One stable, admin-configured proxy per account (ARCHITECTURE §10): parsed and checked
 * here, applied with session.setProxy on the account's partition, and its credentials
 * answered on `login` only for that exact proxy host and port.
 */

export type ProxyScheme = 'http' | 'https' | 'socks4' | 'socks5';

export interface ParsedProxy {
  scheme: ProxyScheme;
  host: string;
  port: number;
  username: string | null;
  password: string | null;
}

/** The subset of Electron's ProxyConfig we produce. */
export interface SessionProxyConfig {
  mode: 'system' | 'fixed_servers';
  proxyRules?: string;
}

export type ProxyParse = { ok: true; proxy: ParsedProxy | null } | { ok: false; message: string };

const DEFAULT_PORT: Record<ProxyScheme, number> = { http: 80, https: 443, socks4: 1080, socks5: 1080 };

/** `null`/empty = no proxy of our own (the system's). */
export function parseProxy(text: string | null | undefined): ProxyParse {
  if (text === null || text === undefined || text.trim() === '') return { ok: true, proxy: null };
  let u: URL;
  try {
    u = new URL(text.trim());
  } catch {
    return { ok: false, message: 'Proxy must look like http://host:port or socks5://host:port.' };
  }
  const scheme = u.protocol.replace(/:$/, '') as ProxyScheme;
  if (!(scheme in DEFAULT_PORT)) {
    return { ok: false, message: `Unsupported proxy scheme "${scheme}": use http, https, socks4 or socks5.` };
  }
  if (!u.hostname) return { ok: false, message: 'The proxy has no host.' };
  if ((u.pathname && u.pathname !== '/') || u.search || u.hash) {
    return { ok: false, message: 'A proxy address has no path, query or fragment: use scheme://host:port.' };
  }
  const username = u.username ? decodeURIComponent(u.username) : null;
  const password = u.password ? decodeURIComponent(u.password) : null;
  if ((scheme === 'socks4' || scheme === 'socks5') && (username || password)) {
    return {
      ok: false,
      message: 'Chromium cannot log in to SOCKS proxies: use an HTTP(S) proxy for a proxy with a password.',
    };
  }
  const port = u.port ? Number(u.port) : DEFAULT_PORT[scheme];
  return { ok: true, proxy: { scheme, host: u.hostname.toLowerCase(), port, username, password } };
}

export function sessionProxyConfig(proxy: ParsedProxy | null): SessionProxyConfig {
  if (!proxy) return { mode: 'system' };
  // Loopback stays direct (Chromium's implicit bypass), which the simulator relies on.
  return { mode: 'fixed_servers', proxyRules: `${proxy.scheme}://${proxy.host}:${proxy.port}` };
}

/** Same proxy, ignoring credentials? (A credential change alone needs no new session config.) */
export function sameProxyServer(a: ParsedProxy | null, b: ParsedProxy | null): boolean {
  if (!a || !b) return a === b;
  return a.scheme === b.scheme && a.host === b.host && a.port === b.port;
}

/** Credentials for a `login` event, only when it is a proxy challenge from this account's proxy. */
export function proxyCredentialsFor(
  auth: { isProxy: boolean; host: string; port: number },
  proxy: ParsedProxy | null,
): { username: string; password: string } | null {
  if (!auth.isProxy || !proxy || proxy.username === null) return null;
  if (auth.host.toLowerCase() !== proxy.host || auth.port !== proxy.port) return null;
  return { username: proxy.username, password: proxy.password ?? '' };
}

/** The proxy as shown in logs and UI: never the password. */
export function describeProxy(proxy: ParsedProxy | null): string {
  if (!proxy) return 'system';
  const user = proxy.username ? `${proxy.username}:***@` : '';
  return `${proxy.scheme}://${user}${proxy.host}:${proxy.port}`;
}

/**
 * Credentials for a proxy challenge whose webContents is unknown (service worker requests):
 * answered only when every account using that proxy host and port has the same credentials.
 */
export function proxyCredentialsForAny(
  auth: { isProxy: boolean; host: string; port: number },
  proxies: Iterable<ParsedProxy | null>,
): { username: string; password: string } | null {
  let found: { username: string; password: string } | null = null;
  for (const p of proxies) {
    const c = proxyCredentialsFor(auth, p);
    if (!c) continue;
    if (found && (found.username !== c.username || found.password !== c.password)) return null;
    found = c;
  }
  return found;
}
