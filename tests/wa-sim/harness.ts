import type { EventEmitter } from 'node:events';
import puppeteer, { type Browser, type BrowserContext, type Page } from 'puppeteer-core';
import { AttachedClient } from '../../src/core/capture/attached-client';
import { CHROMIUM_FLAGS, chromiumPath } from '../../src/core/util/chromium';
import type { Phone } from './phone';
import type { WaSim } from './server';

/** Shared helpers for tests that drive the simulator through real Chromium. */

export const CHROMIUM = chromiumPath();

export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    defaultViewport: null,
    args: [...CHROMIUM_FLAGS, '--no-sandbox', ...extraArgs],
  });
}

export { waitFor } from '../helpers/wait';

/** Resolves with the args of the next `name` event that passes `filter`. */
export function nextEvent<A extends unknown[] = unknown[]>(
  emitter: EventEmitter, name: string, filter: (...args: A) => boolean = () => true, timeoutMs = 20_000,
): Promise<A> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(name, on);
      reject(new Error(`timed out waiting for event ${name}`));
    }, timeoutMs);
    const on = (...args: unknown[]) => {
      if (!filter(...(args as A))) return;
      clearTimeout(timer);
      emitter.off(name, on);
      resolve(args as A);
    };
    emitter.on(name, on);
  });
}

/** Collects every `name` event into an array. */
export function collect<A extends unknown[] = unknown[]>(emitter: EventEmitter, name: string): A[] {
  const out: A[] = [];
  emitter.on(name, (...args: unknown[]) => out.push(args as A));
  return out;
}

export interface SimPage {
  context: BrowserContext;
  page: Page;
}

/** A fresh, isolated tab (own storage) at the simulator's URL. */
export async function openSimPage(browser: Browser, sim: WaSim): Promise<SimPage> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.goto(sim.url, { waitUntil: 'load' });
  return { context, page };
}

/**
 * Attaches a client and waits for `ready`. With `phone`, the phone scans the first QR
 * (a fresh page); without, the page must already be logged in.
 */
export async function attachReady(browser: Browser, page: Page, sim: WaSim, phone?: Phone): Promise<AttachedClient> {
  const client = new AttachedClient({ browser, page });
  const ready = nextEvent(client, 'ready');
  if (phone) client.once('qr', (qr: string) => void sim.scan(phone.id, qr));
  await client.initialize();
  await ready;
  return client;
}

// Page-side helpers are strings: the node-side tsconfig has no DOM types, on purpose.

/** The rows of the page's IndexedDB `model-storage` / `chat` store ([] before it exists). */
export async function readChatStore(page: Page): Promise<Array<Record<string, unknown>>> {
  return (await page.evaluate(`(async () => {
    if (!(await indexedDB.databases()).some((d) => d.name === 'model-storage')) return [];
    return await new Promise((resolve, reject) => {
      const req = indexedDB.open('model-storage');
      req.onsuccess = () => {
        try {
          const all = req.result.transaction('chat', 'readonly').objectStore('chat').getAll();
          all.onsuccess = () => { req.result.close(); resolve(all.result); };
          all.onerror = () => reject(all.error);
        } catch (err) { req.result.close(); reject(err); }
      };
      req.onerror = () => reject(req.error);
    });
  })()`)) as Array<Record<string, unknown>>;
}

export async function socketState(page: Page): Promise<string> {
  return String(await page.evaluate(`window.require('WAWebSocketModel').Socket.state`));
}

/** "Use here": the page takes the session back after a conflict. */
export function takeover(page: Page): Promise<unknown> {
  return page.evaluate(`window.require('WAWebSocketModel').Socket.takeover()`);
}

/** The QR ref the page shows, or null. */
export async function shownQrRef(page: Page): Promise<string | null> {
  return (await page.evaluate(`document.querySelector('[data-testid="qrcode"]')?.dataset.ref ?? null`)) as string | null;
}

export async function openChatInPage(page: Page, chatId: string): Promise<void> {
  await page.evaluate(`window.__sim.openChat(${JSON.stringify(chatId)})`);
}

export const COMPOSER = 'footer [contenteditable="true"][data-tab="10"]';
