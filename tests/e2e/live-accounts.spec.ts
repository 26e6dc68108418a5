/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import type { Page } from '@playwright/test';
import type { Phone } from '../wa-sim/phone';
import { seedWorld, type SeededWorld } from '../wa-sim/seed';
import { type AppHarness, expect, startApp, test } from './harness/fixtures';
import { shot } from './harness/shot';
import { startLiveWorld } from './harness/live';

/**
 * The whole loop with nothing faked on our side: the renderer bound to a real Core, the real
 * Supervisor with ChromiumPageHost (headless Chromium tabs running real whatsapp-web.js)
 * against the WhatsApp Web simulator, and a fresh encrypted archive.
 */

test.describe.configure({ timeout: 240_000 });

/** Records every state and sync percentage each rail item shows, in order (a harness probe; the app knows nothing of it). */
const RAIL_PROBE = `
  window.__rail = [];
  new MutationObserver(() => {
    for (const item of document.querySelectorAll('[data-testid="account-item"]')) {
      const state = item.querySelector('.rail-sub [data-state]')?.getAttribute('data-state');
      const pct = item.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow') ?? '';
      const rec = item.getAttribute('data-account-id') + ' ' + state + ' ' + pct;
      const last = window.__rail.filter((r) => r.startsWith(item.getAttribute('data-account-id') + ' ')).at(-1);
      if (rec !== last) window.__rail.push(rec);
    }
  }).observe(document, { subtree: true, childList: true, attributes: true });
`;

async function railHistory(page: Page, accountId: string): Promise<Array<{ state: string; pct: number | null }>> {
  const all = await page.evaluate(() => (window as unknown as { __rail: string[] }).__rail);
  return all.filter((r) => r.startsWith(`${accountId} `)).map((r) => {
    const [, state, pct] = r.split(' ');
    return { state: state!, pct: pct ? Number(pct) : null };
  });
}

test('add 3 accounts → QR → pair → syncing with progress → live; unread rises with traffic and falls when read; a ban keeps the archive', async ({ page }) => {
  const world = await startLiveWorld();
  const { sim } = world;
  let app: (AppHarness & { close(): Promise<void> }) | null = null;
  try {
    app = await startApp(page, { profile: 'empty', supervisor: world.supervisor });
    await page.addInitScript(RAIL_PROBE);
    await app.open(page.getByRole('button', { name: '添加第一个账号' }));

    const phones: Array<{ label: string; phone: Phone; world: SeededWorld; accountId?: string }> = [
      { label: '西语一号', pushname: 'Ventas ES' },
      { label: 'English desk', pushname: 'Sales EN' },
      { label: '国内二号', pushname: '国内销售' },
    ].map(({ label, pushname }) => {
      const phone = sim.createPhone({ pushname });
      return { label, phone, world: seedWorld(phone, { messagesPerChat: 40, media: false }) };
    });

    // add each account: it starts at once and its tile shows the QR from the `qr` event
    for (const p of phones) {
      await page.getByTestId('add-account').click();
      await page.getByTestId('account-label').fill(p.label);
      await page.getByTestId('add-account-submit').click();
      const item = page.getByTestId('account-item').filter({ hasText: p.label });
      await expect(item).toBeVisible();
      p.accountId = (await item.getAttribute('data-account-id'))!;
      await expect(page.locator(`[data-testid="tile"][data-account-id="${p.accountId}"] [data-testid="qr-code"]`)).toBeVisible();
      await expect(item.locator('.rail-sub [data-state]')).toHaveAttribute('data-state', 'needs_qr');
    }

    // a lead links all three from the tile view
    await page.keyboard.press('Control+t');
    await expect(page.getByTestId('qr-code')).toHaveCount(3);
    await shot(page, 'tiles-qr', true);
    for (const p of phones) {
      const qr = await page.locator(`[data-testid="tile"][data-account-id="${p.accountId}"] [data-testid="qr-code"]`).getAttribute('data-qr');
      sim.scan(p.phone.id, qr!);
    }
    for (const p of phones) {
      await expect(page.locator(`[data-account-id="${p.accountId}"] .rail-sub [data-state]`)).toHaveAttribute('data-state', 'live', { timeout: 90_000 });
    }
    for (const p of phones) {
      const h = await railHistory(page, p.accountId!);
      const order = h.map((r) => r.state).filter((s, i, a) => s !== a[i - 1]);
      expect(order, `states shown for ${p.label}`).toEqual(expect.arrayContaining(['needs_qr', 'syncing', 'live']));
      expect(order.indexOf('needs_qr')).toBeLessThan(order.indexOf('syncing'));
      expect(order.lastIndexOf('syncing')).toBeLessThan(order.lastIndexOf('live'));
      // progress moved while syncing
      const pcts = h.filter((r) => r.state === 'syncing' && r.pct !== null).map((r) => r.pct!);
      expect(pcts.length, `sync progress shown for ${p.label}`).toBeGreaterThan(1);
    }
    await expect(page.locator('.slot-surface')).toHaveCount(3);
    expect(app.slots()).toHaveLength(3);
    await shot(page, 'tiles-live', true);

    // traffic: three messages from a buyer raise the unread counts and the notification badge
    const [es] = phones as [typeof phones[number]];
    const buyerChat = es.world.direct[0]!;
    for (const body of ['¿Tienen stock del modelo TX-200?', 'Necesitamos 500 unidades', 'https://example.com/pedido-77']) {
      es.phone.deliver(buyerChat.id, { body });
    }
    const esUnread = page.locator(`[data-account-id="${es.accountId}"]`).getByTestId('account-unread');
    await expect(esUnread).toHaveText('3');
    await expect(page.getByTestId('notifications-badge')).toHaveText('3');

    // reading: the notification opens the right account and chat, and the counts fall
    await page.getByTestId('nav-notifications').click();
    await expect(page.getByTestId('notification')).toHaveCount(3);
    await page.getByTestId('notification').first().click();
    await expect(page.getByRole('link', { name: 'https://example.com/pedido-77' })).toBeVisible();
    await expect(page.getByTestId('thread').locator('.account-tag')).toHaveText(es.label);
    await expect(esUnread).toHaveCount(0);
    await expect(page.getByTestId('notifications-badge')).toHaveCount(0);
    expect(await app.core.call('archive.unread', {})).toEqual([]);

    // a ban: the state changes live, the archive stays browsable and searchable
    const zh = phones[2]!;
    sim.ban(zh.phone.id);
    const zhItem = page.locator(`[data-testid="account-item"][data-account-id="${zh.accountId}"]`);
    await expect(zhItem.locator('.rail-sub [data-state]')).toHaveAttribute('data-state', 'banned', { timeout: 60_000 });
    await zhItem.locator('.rail-main').click();
    const zhChat = page.getByTestId('chat-item').filter({ hasText: '深圳采购群' });
    await zhChat.click();
    await expect(page.getByTestId('archive-banner')).toContainText('此账号已被封禁 —— 存档已保留。');
    const lastText = await page.locator('[data-testid="message"] .msg-text').last().textContent();
    await page.keyboard.press('Control+k');
    await page.getByTestId('search-input').fill(lastText!.slice(0, 12));
    await expect(page.getByTestId('search-hit').filter({ hasText: zh.label }).first()).toBeVisible();
    await page.keyboard.press('Escape');
  } finally {
    await world.close(app);
  }
});
