import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttachError, AttachedClient } from '../../src/core/capture/attached-client';
import { sessionDebugger } from '../../src/core/capture/cdp-session-debugger';
import { connectToPage } from '../../src/core/capture/debugger-transport';
import { EXPOSED_FUNCTIONS, type WMessage } from '../../src/core/capture/wwebjs';
import { attachReady, collect, launchChromium, nextEvent, openSimPage, shownQrRef, socketState, waitFor } from '../wa-sim/harness';
import { WaSim } from '../wa-sim/server';
import { CAPTURE_REACHES } from './capture-helpers';

/** The attach recipe's pitfalls (research §4), each proven against real wwebjs and Chromium. */

const require = createRequire(import.meta.url);
let sim: WaSim;
let browser: Browser;

beforeAll(async () => {
  sim = await WaSim.start();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await sim?.close();
});

function linkedPhone() {
  const phone = sim.createPhone();
  const buyer = phone.addContact({ name: 'Buyer' }).id;
  phone.addDirectChat(buyer);
  return { phone, buyer };
}

it('knows every function whatsapp-web.js exposes to the page', () => {
  const source = readFileSync(require.resolve('whatsapp-web.js/src/Client.js'), 'utf8');
  const names = [...source.matchAll(/exposeFunctionIfAbsent\(\s*this\.pupPage,\s*'(\w+)'/g)].map((m) => m[1]);
  expect(new Set(names)).toEqual(new Set(EXPOSED_FUNCTIONS));
});

describe.each(CAPTURE_REACHES)('AttachedClient (capture reaches the page via %s)', (reach) => {
  /** What capture is handed for a page the test (the host) made: the browser itself, or only that page. */
  async function capture(page: Page): Promise<{ browser: Browser; page: Page }> {
    return reach === 'browser' ? { browser, page } : connectToPage(sessionDebugger(await page.createCDPSession()));
  }

  it('gets `ready` exactly once from a page that is already logged in and synced', async () => {
    const { phone, buyer } = linkedPhone();
    const view = await capture((await openSimPage(browser, sim)).page);
    const { page } = view;
    const first = await attachReady(view.browser, page, sim, phone);
    await first.destroy();
    expect(view.browser.connected).toBe(true);
    expect(page.isClosed()).toBe(false);
    expect(await socketState(page)).toBe('CONNECTED');

    // a fresh client on the same synced page: upstream would never say ready
    const second = new AttachedClient(view);
    const readies = collect(second, 'ready');
    const oldMessages = collect(first, 'message');
    await second.initialize();
    await waitFor(() => readies.length === 1, 'ready on an already-synced page');
    const got = nextEvent<[WMessage]>(second, 'message');
    phone.deliver(buyer, { from: buyer, body: 'to the new client' });
    expect((await got)[0].body).toBe('to the new client');
    expect(readies).toHaveLength(1);
    expect(oldMessages).toHaveLength(0);
    await second.destroy();
  });

  it('re-injects after a main-frame navigation, not after an iframe one', async () => {
    const { phone, buyer } = linkedPhone();
    const view = await capture((await openSimPage(browser, sim)).page);
    const { page } = view;
    const client = await attachReady(view.browser, page, sim, phone);
    const readies = collect(client, 'ready');
    const errors = collect(client, 'attach_error');
    await page.evaluate(`(() => { const f = document.createElement('iframe'); f.src = 'about:blank#x'; document.body.append(f); f.src = 'data:text/html,hi'; })()`);
    await waitFor(() => page.frames().length > 1 && page.frames()[1]!.url().startsWith('data:'), 'iframe navigated');
    const got = nextEvent<[WMessage]>(client, 'message');
    phone.deliver(buyer, { from: buyer, body: 'after the iframe' });
    await got;
    expect(readies).toHaveLength(0);

    await page.reload();
    await waitFor(() => readies.length === 1, 'ready after the page reloaded');
    const again = nextEvent<[WMessage]>(client, 'message');
    phone.deliver(buyer, { from: buyer, body: 'after the reload' });
    expect((await again)[0].body).toBe('after the reload');
    expect(errors).toEqual([]);
    await client.destroy();
  });

  it('reports a page that is not WhatsApp as an error, never as an unhandled rejection', async () => {
    const context = await browser.createBrowserContext();
    const hostPage = await context.newPage();
    await hostPage.goto('data:text/html,<title>not whatsapp</title>');
    const client = new AttachedClient(await capture(hostPage), { authTimeoutMs: 400 });
    await expect(client.initialize()).rejects.toThrow(AttachError);
    await client.destroy();

    // and a navigation away from WhatsApp while attached becomes an attach_error event
    const { phone } = linkedPhone();
    const waView = await capture((await openSimPage(browser, sim)).page);
    const waPage = waView.page;
    const attached = new AttachedClient(waView, { authTimeoutMs: 400 });
    attached.once('qr', (qr: string) => void sim.scan(phone.id, qr));
    const ready = nextEvent(attached, 'ready');
    await attached.initialize();
    await ready;
    const failed = nextEvent<[Error]>(attached, 'attach_error');
    await waPage.goto('data:text/html,<title>elsewhere</title>');
    expect((await failed)[0]).toBeInstanceOf(AttachError);
    await attached.destroy();
    expect(waView.browser.connected).toBe(true);
  });

  it('logs out through the page and leaves the browser running', async () => {
    const { phone } = linkedPhone();
    const view = await capture((await openSimPage(browser, sim)).page);
    const { page } = view;
    const client = await attachReady(view.browser, page, sim, phone);
    await client.logout();
    expect(client.isDetached).toBe(true);
    expect(view.browser.connected).toBe(true);
    expect(sim.devicesOf(phone.id)).toEqual([]);
    await waitFor(() => shownQrRef(page), 'a QR after logging out');
  });
});
