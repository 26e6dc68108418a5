import { describe, expect, it } from 'vitest';
import { describeProxy, parseProxy, proxyCredentialsFor, proxyCredentialsForAny, sameProxyServer, sessionProxyConfig } from '../../../src/main/policy/proxy';

function ok(text: string | null) {
  const r = parseProxy(text);
  if (!r.ok) throw new Error(r.message);
  return r.proxy;
}

describe('proxy settings', () => {
  it('no proxy means the system proxy', () => {
    expect(ok(null)).toBeNull();
    expect(ok('  ')).toBeNull();
    expect(sessionProxyConfig(null)).toEqual({ mode: 'system' });
  });

  it('parses http with credentials and socks5 without', () => {
    const http = ok('http://rep%40corp:p%3Ass@Proxy.Example.com:3128');
    expect(http).toEqual({ scheme: 'http', host: 'proxy.example.com', port: 3128, username: 'rep@corp', password: 'p:ss' });
    expect(sessionProxyConfig(http)).toEqual({ mode: 'fixed_servers', proxyRules: 'http://proxy.example.com:3128' });
    expect(sessionProxyConfig(ok('socks5://10.0.0.2:1080'))).toEqual({ mode: 'fixed_servers', proxyRules: 'socks5://10.0.0.2:1080' });
    expect(ok('https://p.example')?.port).toBe(443);
  });

  it.each([
    ['ftp://p.example:21', /scheme/],
    ['p.example:8080', /scheme|look like/],
    ['http://p.example:8080/path', /path/],
    ['socks5://u:p@p.example:1080', /SOCKS/],
    ['http://:8080', /look like|host/],
  ])('rejects %s with a message that says what to do', (text, msg) => {
    const r = parseProxy(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(msg);
  });

  it('answers login only for a proxy challenge from this account’s proxy', () => {
    const p = ok('http://u:pw@proxy.example.com:3128');
    expect(proxyCredentialsFor({ isProxy: true, host: 'PROXY.example.com', port: 3128 }, p)).toEqual({ username: 'u', password: 'pw' });
    expect(proxyCredentialsFor({ isProxy: false, host: 'proxy.example.com', port: 3128 }, p)).toBeNull();
    expect(proxyCredentialsFor({ isProxy: true, host: 'other.example.com', port: 3128 }, p)).toBeNull();
    expect(proxyCredentialsFor({ isProxy: true, host: 'proxy.example.com', port: 8080 }, p)).toBeNull();
    expect(proxyCredentialsFor({ isProxy: true, host: 'proxy.example.com', port: 3128 }, ok('http://proxy.example.com:3128'))).toBeNull();
  });

  it('never shows the password; compares servers without credentials', () => {
    expect(describeProxy(ok('http://u:secret@p.example:1'))).toBe('http://u:***@p.example:1');
    expect(sameProxyServer(ok('http://u:a@p.example:1'), ok('http://v:b@p.example:1'))).toBe(true);
    expect(sameProxyServer(ok('http://p.example:1'), null)).toBe(false);
  });
});

describe('proxy challenge without a known view (service worker requests)', () => {
  it('answers only when the credentials for that host and port are unambiguous', () => {
    const a = ok('http://u:pw@proxy.example.com:3128');
    const same = ok('http://u:pw@proxy.example.com:3128');
    const other = ok('http://v:x@proxy.example.com:3128');
    const auth = { isProxy: true, host: 'proxy.example.com', port: 3128 };
    expect(proxyCredentialsForAny(auth, [a, same, null])).toEqual({ username: 'u', password: 'pw' });
    expect(proxyCredentialsForAny(auth, [a, other])).toBeNull();
    expect(proxyCredentialsForAny(auth, [null])).toBeNull();
  });
});
