import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { installNotificationShim, type NotificationPayload } from '../../../src/preload/notification-shim';
import { MODEL_STORAGE_V1, readChatRows, summarizeChats } from '../../../src/preload/unread-adapter';
import { CHROMIUM_FLAGS, chromiumPath } from '../../../src/core/util/chromium';

const NOW = Date.UTC(2025, 0, 1);
const row = (over: Record<string, unknown>) => ({ id: 'x@c.us', unreadCount: 0, muteExpiration: 0, isAutoMuted: false, archive: false, ...over });

describe('unread adapter (model-storage/chat@1)', () => {
  it('counts unread messages, splitting muted, auto-muted and archived chats apart', () => {
    const s = summarizeChats(
      [
        row({ unreadCount: 3 }),
        row({ unreadCount: -1 }), // marked as unread
        row({ unreadCount: 5, muteExpiration: -1 }), // muted forever
        row({ unreadCount: 2, muteExpiration: NOW / 1000 + 3600 }), // muted for an hour more
        row({ unreadCount: 4, muteExpiration: NOW / 1000 - 3600 }), // mute expired
        row({ unreadCount: 7, isAutoMuted: true }),
        row({ unreadCount: 1, archive: true }),
        row({ unreadCount: 0 }),
      ],
      NOW,
    );
    expect(s).toEqual({ adapter: 'model-storage/chat@1', unread: 8, unreadMuted: 15, chatsWithUnread: 7 });
  });

  it('ignores rows it does not understand instead of failing', () => {
    const s = summarizeChats([null, 'x', 42, {}, row({ unreadCount: '3' }), row({ unreadCount: Number.NaN }), row({ unreadCount: -7 }), row({ unreadCount: 2 })], NOW);
    expect(s).toMatchObject({ unread: 2, unreadMuted: 0, chatsWithUnread: 1 });
  });
});

// The preload code runs in a real Chromium page at a real origin: IndexedDB semantics
// (creation on open, blocked upgrades) are exactly what these functions must respect.
describe('account preload in Chromium', () => {
  let server: Server;
  let origin: string;
  let browser: Browser;
  let page: Page;
  const notified: NotificationPayload[] = [];

  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>wa</title>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await puppeteer.launch({
      executablePath: chromiumPath(),
      headless: true,
      args: ['--no-sandbox', ...CHROMIUM_FLAGS],
    });
    page = await browser.newPage();
    await page.exposeFunction('__sbNotify', (p: NotificationPayload) => {
      notified.push(p);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  beforeEach(async () => {
    notified.length = 0;
    // A fresh origin state for every test: same server, new document, databases deleted.
    await page.goto(`${origin}/`);
    await page.evaluate(`(async () => {
      for (const d of await indexedDB.databases()) if (d.name) indexedDB.deleteDatabase(d.name);
    })()`);
  });

  const read = () => page.evaluate(`(${readChatRows.toString()})(indexedDB, ${JSON.stringify(MODEL_STORAGE_V1)})`) as Promise<unknown[] | null>;

  it('returns null before WhatsApp has created its database, and does not create it', async () => {
    expect(await read()).toBeNull();
    const names = await page.evaluate(`indexedDB.databases().then((dbs) => dbs.map((d) => d.name))`);
    expect(names).not.toContain('model-storage');
  });

  it('reads the chat store and leaves WhatsApp free to upgrade its database', async () => {
    // What WhatsApp Web itself does on first load (shape of model-storage/chat).
    await page.evaluate(`new Promise((resolve, reject) => {
      const req = indexedDB.open('model-storage', 3);
      req.onupgradeneeded = () => {
        const store = req.result.createObjectStore('chat', { keyPath: 'id' });
        store.put({ id: 'a@c.us', unreadCount: 2, muteExpiration: 0, isAutoMuted: false, archive: false });
        store.put({ id: 'b@g.us', unreadCount: 9, muteExpiration: -1, isAutoMuted: false, archive: false });
      };
      req.onsuccess = () => { req.result.close(); resolve(); };
      req.onerror = () => reject(req.error);
    })`);
    const rows = await read();
    expect(summarizeChats(rows ?? [], NOW)).toMatchObject({ unread: 2, unreadMuted: 9, chatsWithUnread: 2 });
    // WhatsApp's next version bump must not be blocked by a connection we left open.
    const upgraded = await page.evaluate(`new Promise((resolve) => {
      const req = indexedDB.open('model-storage', 4);
      req.onblocked = () => resolve('blocked');
      req.onsuccess = () => { req.result.close(); resolve('ok'); };
      req.onerror = () => resolve('error');
    })`);
    expect(upgraded).toBe('ok');
  });

  it('returns null when the store is not there (a storage layout this adapter does not know)', async () => {
    await page.evaluate(`new Promise((resolve) => {
      const req = indexedDB.open('model-storage', 1);
      req.onupgradeneeded = () => req.result.createObjectStore('something-else');
      req.onsuccess = () => { req.result.close(); resolve(); };
    })`);
    expect(await read()).toBeNull();
  });

  it('the Notification shim forwards notifications and runs the page’s own onclick on a routed click', async () => {
    await page.evaluate(
      `(${installNotificationShim.toString()})({ notify: (p) => window.__sbNotify(p), onClick: (h) => { window.__sbClick = h; } })`,
    );
    expect(await page.evaluate('Notification.permission')).toBe('granted');
    // What WhatsApp Web does: create notifications, attach onclick / listeners.
    await page.evaluate(`(() => {
      window.opened = [];
      const n = new Notification('Maria', { body: '¿precio FOB?', tag: 'true_5215512345678@c.us_3EB0' });
      n.onclick = function () { window.opened.push(this.tag); };
      const silent = new Notification('Group', { body: 'x', silent: true });
      silent.addEventListener('click', () => window.opened.push('listener'));
    })()`);
    await expect.poll(() => notified.length).toBe(2);
    expect(notified[0]).toEqual({ id: 1, title: 'Maria', body: '¿precio FOB?', tag: 'true_5215512345678@c.us_3EB0', silent: false });
    expect(notified[1]).toMatchObject({ id: 2, silent: true, tag: null });
    // A second click on a handled notification and unknown ids do nothing.
    await page.evaluate('__sbClick(1); __sbClick(2); __sbClick(1); __sbClick(99);');
    expect(await page.evaluate('window.opened')).toEqual([
      'true_5215512345678@c.us_3EB0',
      'listener',
    ]);
  });
});
