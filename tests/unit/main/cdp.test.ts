import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectToTarget, locateMarkedPage, parseDevToolsActivePort, targetIdOf, waitForDevToolsEndpoint } from '../../../src/main/views/cdp';
import { CHROMIUM_FLAGS, chromiumPath } from '../../../src/core/capture/chromium-page-host';

describe('DevToolsActivePort', () => {
  it('parses port and browser path', () => {
    expect(parseDevToolsActivePort('45123\n/devtools/browser/6f1c-aa\n')).toEqual({ port: 45123, wsPath: '/devtools/browser/6f1c-aa' });
  });
  it.each(['', '0\n/devtools/browser/x', '70000\n/devtools/browser/x', '9222\n', '9222\nhttp://evil/x', 'abc\n/devtools/browser/x'])('rejects %j', (t) => {
    expect(parseDevToolsActivePort(t)).toBeNull();
  });
});

// Real Chromium, remote debugging on a random port written to its user data dir — what
// Electron does with remote-debugging-port=0 — and the pinned puppeteer-core.
describe('one connection per account page', () => {
  let dir: string;
  let server: Server;
  let url: string;
  let chromium: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sb-cdp-'));
    server = createServer((_q, r) => r.end('<!doctype html><title>wa</title>'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    chromium = await puppeteer.launch({
      executablePath: chromiumPath(),
      headless: true,
      userDataDir: dir,
      args: ['--no-sandbox', ...CHROMIUM_FLAGS, '--remote-debugging-port=0'],
    });
  });

  afterAll(async () => {
    await chromium?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds the marked page among identical ones and attaches to it alone', async () => {
    const pages = await Promise.all([0, 1, 2].map(() => chromium.newPage()));
    await Promise.all(pages.map((p) => p.goto(url)));
    await pages[1]!.evaluate(() => Object.defineProperty(globalThis, '__sbAccount', { value: 'token-b' }));
    await pages[2]!.evaluate(() => Object.defineProperty(globalThis, '__sbAccount', { value: 'token-c' }));

    const endpoint = await waitForDevToolsEndpoint(dir, { timeoutMs: 10_000 });
    expect(endpoint).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/devtools\/browser\//);

    const isCandidate = (u: string) => u.startsWith(url);
    const targetId = await locateMarkedPage(endpoint, { name: '__sbAccount', value: 'token-b' }, isCandidate);
    expect(targetId).toBe(targetIdOf(pages[1]!.target()));
    expect(await locateMarkedPage(endpoint, { name: '__sbAccount', value: 'nope' }, isCandidate)).toBeNull();

    const { browser, page } = await connectToTarget(endpoint, targetId!);
    try {
      expect(await page.evaluate(() => (globalThis as Record<string, unknown>)['__sbAccount'])).toBe('token-b');
      const seen = await browser.pages();
      expect(seen).toHaveLength(1);
      // The page survives a reload on the same connection (WhatsApp reloads itself).
      await page.reload();
      expect(await page.title()).toBe('wa');
    } finally {
      await browser.disconnect();
    }
    // Disconnecting one account's connection leaves the pages alive.
    expect(await pages[1]!.evaluate(() => 1 + 1)).toBe(2);
  });

  it('a vanished page is a clear error', async () => {
    const endpoint = await waitForDevToolsEndpoint(dir);
    await expect(connectToTarget(endpoint, 'DEADBEEF')).rejects.toThrow(/gone/);
  });

  it('waiting for a DevToolsActivePort that never comes times out with advice', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'sb-cdp-empty-'));
    try {
      await expect(waitForDevToolsEndpoint(empty, { timeoutMs: 100 })).rejects.toThrow(/Remote debugging did not start/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
