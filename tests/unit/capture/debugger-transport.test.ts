import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionDebugger } from '../../../src/core/capture/cdp-session-debugger';
import { connectOverDebuggers, connectToPage } from '../../../src/core/capture/debugger-transport';
import { launchChromium, waitFor } from '../../wa-sim/harness';

/** The next `name` event of a puppeteer emitter (its typings are not node's EventEmitter). */
function next<T = unknown>(emitter: { once(name: string, fn: (e: T) => void): unknown }, name: string): Promise<T> {
  return new Promise((resolve) => emitter.once(name, resolve));
}

/**
 * The page-level transport against real Chromium: a page-level CDP session per page stands in
 * for Electron's webContents.debugger, and the pinned puppeteer-core connects through it.
 */

let server: Server;
let url: string;
/** The same server under another site, so its iframes run out of process (own CDP session). */
let otherSite: string;
let chromium: Browser;

beforeAll(async () => {
  server = createServer((req, res) => {
    res.setHeader('content-type', 'text/html');
    if (req.url?.startsWith('/frame')) return res.end('<!doctype html><title>frame</title><p>inner</p>');
    res.end('<!doctype html><title>wa</title><p>page</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  url = `http://127.0.0.1:${port}/`;
  otherSite = `http://localhost:${port}/`;
  chromium = await launchChromium(['--site-per-process']);
});

afterAll(async () => {
  await chromium?.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A page the host made and loaded, and capture's view of it over its own page-level session. */
async function hostAndCapture(onDetached?: (reason: string) => void): Promise<{ host: Page; browser: Browser; page: Page }> {
  const host = await chromium.newPage();
  await host.goto(url);
  const { browser, page } = await connectToPage(sessionDebugger(await host.createCDPSession()), onDetached);
  return { host, browser, page };
}

describe('DebuggerTransport', () => {
  it('shows puppeteer exactly the pages it was given, and drives them', async () => {
    const others = await Promise.all([chromium.newPage(), chromium.newPage()]);
    const a = await chromium.newPage();
    const b = await chromium.newPage();
    await Promise.all([a.goto(`${url}?a`), b.goto(`${url}?b`)]);
    const browser = await connectOverDebuggers([sessionDebugger(await a.createCDPSession()), sessionDebugger(await b.createCDPSession())]);
    try {
      const pages = await browser.pages();
      expect(pages.map((p) => p.url()).sort()).toEqual([`${url}?a`, `${url}?b`]);
      expect(await Promise.all(pages.map((p) => p.title()))).toEqual(['wa', 'wa']);
      expect(browser.targets().filter((t) => t.type() === 'page')).toHaveLength(2);
      expect(await browser.userAgent()).toMatch(/Chrome\//);
    } finally {
      await browser.disconnect();
      await Promise.all([...others, a, b].map((p) => p.close()));
    }
  });

  it('exposes functions that survive a reload, and reaches out-of-process frames', async () => {
    const { host, browser, page } = await hostAndCapture();
    try {
      const calls: string[] = [];
      await page.exposeFunction('report', (s: string) => void calls.push(s));
      await page.evaluate(`window.report('before')`);
      await page.reload({ waitUntil: 'load' });
      await page.evaluate(`window.report('after')`);
      expect(calls).toEqual(['before', 'after']);

      await page.evaluate(`(() => { const f = document.createElement('iframe'); f.src = ${JSON.stringify(`${otherSite}frame`)}; document.body.append(f); })()`);
      const frame = await waitFor(() => page.frames().find((f) => f.url().startsWith(`${otherSite}frame`)), 'the cross-site frame');
      await waitFor(async () => (await frame.evaluate('document.title').catch(() => null)) === 'frame', 'script in the out-of-process frame');
      expect(frame.url()).toBe(`${otherSite}frame`);
    } finally {
      await browser.disconnect();
      await host.close();
    }
  });

  it('refuses what would reach beyond the page: new pages, closing the browser or the page', async () => {
    const { host, browser, page } = await hostAndCapture();
    await expect(browser.newPage()).rejects.toThrow(/not available/);
    await expect(browser.createBrowserContext()).rejects.toThrow(/not available/);
    await expect(page.close()).rejects.toThrow(/not available/);
    await browser.close();
    expect(browser.connected).toBe(false);
    expect(await host.evaluate('document.title')).toBe('wa');
    await host.close();
  });

  it('disconnecting lets go of the page and leaves it loaded', async () => {
    const { host, browser, page } = await hostAndCapture();
    await page.exposeFunction('sbMarker', () => 1);
    await browser.disconnect();
    expect(await host.evaluate('document.title')).toBe('wa');
    // our session is gone with its bindings: a new document has no sbMarker
    await host.reload();
    expect(await host.evaluate(`typeof window.sbMarker`)).toBe('undefined');
    await host.close();
  });

  it('a debugger cut from outside is reported: the page closes, the connection ends, the reason is given', async () => {
    const reasons: string[] = [];
    const host = await chromium.newPage();
    await host.goto(url);
    const session = await host.createCDPSession();
    const { browser, page } = await connectToPage(sessionDebugger(session), (r) => reasons.push(r));
    const closed = next(page, 'close');
    const disconnected = next(browser, 'disconnected');
    // what another DevTools client taking the page over amounts to: the browser ends our session
    await session.connection()!.send('Target.detachFromTarget', { sessionId: session.id() });
    await closed;
    await disconnected;
    expect(reasons).toEqual(['target closed']);
    expect(await host.evaluate('document.title')).toBe('wa');
    await host.close();
  });

  it('a crashed page is reported as puppeteer reports it', async () => {
    const { host, browser, page } = await hostAndCapture();
    const crashed = new Promise<Error>((resolve) => page.once('error', resolve));
    await host.goto('chrome://crash').catch(() => undefined);
    expect((await crashed).message).toMatch(/crashed/i);
    await browser.disconnect();
    await host.close().catch(() => undefined);
  });
});
