import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttachedClient } from '../../src/core/capture/attached-client';
import { type AccountPages, insertIntoComposer } from '../../src/core/capture/composer-adapter';
import { attachReady, COMPOSER, launchChromium, openChatInPage, openSimPage } from '../wa-sim/harness';
import type { Phone } from '../wa-sim/phone';
import { WaSim } from '../wa-sim/server';

/**
 * The translator's Insert against the WhatsApp Web simulator's message box in real Chromium:
 * the text lands in the open chat's composer, exactly, and nothing is ever sent.
 */

let sim: WaSim;
let browser: Browser;
let client: AttachedClient;
let page: Page;
let phone: Phone;
let buyer = '';
let other = '';

/** The accounts' pages as the browser harness binds them: one puppeteer page per account id. */
const pages = (map: Record<string, Page>): AccountPages => ({
  async evaluate(accountId, expression) {
    const p = map[accountId];
    return p ? { value: await p.evaluate(expression) } : null;
  },
});

const composerText = () => page.$eval(COMPOSER, (el) => el.textContent);
/** Real WhatsApp Web's chat collection knows the open chat; the simulator's does not, so the test lends it that method. */
const lendGetActive = () => page.evaluate(`(() => {
  const coll = window.require('WAWebCollections').Chat;
  coll.getActive = () => { const id = document.querySelector('footer [contenteditable]').dataset.chatId; return id ? coll.get(id) : undefined; };
})()`);

beforeAll(async () => {
  sim = await WaSim.start();
  browser = await launchChromium();
  phone = sim.createPhone({ pushname: 'Rep' });
  buyer = phone.addContact({ name: 'María' }).id;
  other = phone.addContact({ name: 'Javi' }).id;
  phone.addDirectChat(buyer);
  phone.addDirectChat(other);
  phone.addHistory(buyer, [{ from: buyer, body: '¿Cuál es el precio?', t: 1_700_000_000 }]);
  ({ page } = await openSimPage(browser, sim));
});

afterAll(async () => {
  await client?.destroy();
  await browser?.close();
  await sim?.close();
});

describe('composer adapter in a WhatsApp page', () => {
  it('needs the account\'s page', async () => {
    expect(await insertIntoComposer(pages({}), 'a', buyer, 'Hola')).toEqual({ ok: false, reason: 'NOT_LIVE', adapter: null, detail: null });
  });

  it('puts the text into the open chat\'s message box, replacing the draft, and sends nothing', async () => {
    client = await attachReady(browser, page, sim, phone);
    await openChatInPage(page, buyer);
    const before = phone.chat(buyer).messages.length;
    const focused: string[] = [];
    const text = '¿Qué es el precio de los zapatos? 👟 价格 "FOB" <b>x</b>';
    const r = await insertIntoComposer({ ...pages({ a: page }), focus: (id) => focused.push(id) }, 'a', buyer, text);
    expect(r).toEqual({ ok: true, adapter: 'wa2.3000/1', chatChecked: false });
    expect(await composerText()).toBe(text);
    expect(focused).toEqual(['a']);
    expect(await insertIntoComposer(pages({ a: page }), 'a', buyer, 'Segunda versión')).toMatchObject({ ok: true });
    expect(await composerText()).toBe('Segunda versión');
    expect(phone.chat(buyer).messages.length).toBe(before);
    expect(phone.groundTruth().chats.find((c) => c.id === buyer)?.messages.map((m) => m.text)).toEqual(['¿Cuál es el precio?']);
  });

  it('refuses when WhatsApp shows no chat, or another chat than the one the text was written for', async () => {
    await lendGetActive();
    await page.evaluate(`document.querySelector(${JSON.stringify(COMPOSER)}).removeAttribute('data-chat-id')`);
    expect(await insertIntoComposer(pages({ a: page }), 'a', buyer, 'Hola')).toMatchObject({ ok: false, reason: 'NO_COMPOSER' });
    await openChatInPage(page, other);
    expect(await insertIntoComposer(pages({ a: page }), 'a', buyer, 'Para María')).toEqual({ ok: false, reason: 'OTHER_CHAT', adapter: 'wa2.3000/1', detail: other });
    expect(await composerText()).toBe('');
    expect(await insertIntoComposer(pages({ a: page }), 'a', other, 'Para Javi')).toEqual({ ok: true, adapter: 'wa2.3000/1', chatChecked: true });
    expect(await composerText()).toBe('Para Javi');
  });

  it('says so when the message box does not take the text', async () => {
    // an editor that keeps its own text whatever the browser inserts
    await page.evaluate(`(() => {
      const box = document.querySelector(${JSON.stringify(COMPOSER)});
      box.addEventListener('input', () => { box.textContent = 'Para Javi'; });
    })()`);
    expect(await insertIntoComposer(pages({ a: page }), 'a', other, 'Nada')).toMatchObject({ ok: false, reason: 'INSERT_FAILED' });
    expect(await composerText()).toBe('Para Javi');
  });
});
