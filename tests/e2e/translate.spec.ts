import { type ApertiumServer, freePort, startApertium } from '../helpers/translate-apertium';
import { type AppHarness, expect, startApp, test } from './harness/fixtures';
import { startLiveWorld } from './harness/live';

/**
 * Translation in the app, with nothing faked on our side: the renderer bound to a real Core,
 * the real Supervisor capturing from the WhatsApp Web simulator in headless Chromium, and a
 * real Apertium server (spa↔eng) started here on a free port.
 */

test.describe.configure({ timeout: 120_000 });

const COMPOSER = 'footer [contenteditable="true"][data-tab="10"]';
const INCOMING = '¿Cuál es el precio de los zapatos?';
const HISTORY = Array.from({ length: 40 }, (_, i) => `Necesitamos ${i + 2} cajas de zapatos para el almacén.`);

let apertium: ApertiumServer;
test.beforeAll(async () => {
  apertium = await startApertium();
});
test.afterAll(async () => {
  await apertium?.stop();
});

test('auto-translate, history with progress and cancel, the translator composer, search through translations', async ({ page }) => {
  const world = await startLiveWorld();
  const { sim } = world;
  let app: (AppHarness & { close(): Promise<void> }) | null = null;
  try {
    const phone = sim.createPhone({ pushname: 'Ventas' });
    const buyer = phone.addContact({ name: 'María López' }).id;
    phone.addDirectChat(buyer);
    const t0 = Math.floor(Date.now() / 1000) - 86_400;
    phone.addHistory(buyer, HISTORY.map((body, i) => ({ from: buyer, body, t: t0 + i * 60 })));

    app = await startApp(page, {
      profile: 'empty',
      supervisor: world.supervisor,
    });
    const { core } = app;
    await app.open(page.getByRole('button', { name: '添加第一个账号' }));

    await test.step('settings: Apertium at its address, connection tested, English as the default language', async () => {
      await page.getByTestId('nav-settings').click();
      const settings = page.getByTestId('translation-settings');
      await settings.getByTestId('provider-apertium-baseUrl').fill(apertium.url);
      await settings.getByTestId('provider-apertium-save').click();
      await settings.getByTestId('provider-apertium-test').click();
      await expect(settings.getByTestId('provider-apertium-health')).toContainText('连接正常');
      await settings.getByTestId('default-target').selectOption('en');
      await expect.poll(async () => (await core.call('translate.defaults', {})).targetLang).toBe('en');
      // keys go in and never come back out
      await settings.getByTestId('provider-deepl-apiKey').fill('dl-SECRET-e2e:fx');
      await settings.getByTestId('provider-deepl-save').click();
      await expect(settings.locator('[data-provider="deepl"] input[type="password"]')).toHaveAttribute('placeholder', /已保存/);
      await expect(settings.locator('[data-provider="deepl"] input[type="password"]')).toHaveValue('');
      expect(JSON.stringify(await core.call('translate.providers', {}))).not.toContain('SECRET');
      await settings.getByTestId('provider-deepl-enabled').uncheck();
    });

    // link the phone: the account goes live with the buyer's history archived
    const qr = new Promise<string>((resolve) => core.on('account.qr', (e) => resolve(e.qr)));
    const { accountId } = await core.call('accounts.add', { label: '西语一号' });
    sim.scan(phone.id, await qr);
    await expect(page.locator(`[data-account-id="${accountId}"] .rail-sub [data-state]`)).toHaveAttribute('data-state', 'live', { timeout: 60_000 });

    await test.step('auto-translate on: a Spanish message arrives and shows its English translation under it', async () => {
      await page.getByTestId('nav-inbox').click();
      await page.getByTestId('chat-item').filter({ hasText: 'María López' }).click();
      await page.getByTestId('translate-menu').click();
      await page.getByTestId('auto-translate').check();
      await expect(page.getByTestId('translate-menu')).toHaveClass(/is-on/);
      await expect(page.getByTestId('target-lang')).toHaveValue('en');
      phone.deliver(buyer, { body: INCOMING });
      const bubble = page.getByTestId('message').filter({ hasText: INCOMING });
      await expect(bubble.getByTestId('translation')).toContainText(/price of the shoes/i);
      await expect(bubble.locator('.msg-text').first()).toHaveText(INCOMING); // the original stays
      await expect(bubble.getByTestId('translation')).toHaveAttribute('title', /Apertium/);
    });

    await test.step('history: progress shows, cancel stops it, a second run reaches done', async () => {
      apertium.pause(); // the job waits on the server: cancel is deterministic
      try {
        await page.getByTestId('translate-history').click();
        const bar = page.getByTestId('history-bar');
        await expect(bar).toHaveAttribute('data-state', 'running');
        await expect(bar).toContainText(`/ ${HISTORY.length}`);
        await bar.getByTestId('history-cancel').click();
        await expect(bar).toHaveAttribute('data-state', 'cancelled');
      } finally {
        apertium.resume();
      }
      await page.getByTestId('history-dismiss').click();
      await page.getByTestId('translate-menu').click();
      await page.getByTestId('translate-history').click();
      const bar = page.getByTestId('history-bar');
      await expect(bar).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
      await expect(bar.getByTestId('history-progress')).toHaveAttribute('aria-valuenow', '100');
      await expect(bar).toContainText(String(HISTORY.length));
      const last = page.getByTestId('message').filter({ hasText: HISTORY.at(-1)! });
      await expect(last.getByTestId('translation')).toContainText(/boxes of shoes/i);
    });

    await test.step('a translator that is down: the original stays, a marker says why, retry works once it is back', async () => {
      // a port nothing listens on
      await core.call('translate.configureProvider', { settings: { id: 'apertium', baseUrl: `http://127.0.0.1:${await freePort()}` } });
      phone.deliver(buyer, { body: 'El pago ya fue realizado.' });
      const bubble = page.getByTestId('message').filter({ hasText: 'El pago ya fue realizado.' });
      await expect(bubble.getByTestId('translation-failed')).toContainText('无法连接 Apertium');
      await expect(bubble.getByTestId('translation')).toHaveCount(0);
      await core.call('translate.configureProvider', { settings: { id: 'apertium', baseUrl: apertium.url } });
      await bubble.getByTestId('translation-retry').click();
      await expect(bubble.getByTestId('translation')).toContainText(/payment/i);
      await expect(bubble.getByTestId('translation-failed')).toHaveCount(0);
      // the chat's export opens from the thread header, for this chat
      await page.getByTestId('export-chat').click();
      await expect(page.getByTestId('export-dialog')).toContainText('María López');
      await page.getByTestId('export-dialog').getByRole('button', { name: '取消' }).click();
    });

    await test.step('translator: English in, Spanish and its back-translation out, Insert fills WhatsApp\'s box and sends nothing', async () => {
      const waPage = world.current()!.pageOf(accountId)!;
      await waPage.evaluate(`window.__sim.openChat(${JSON.stringify(buyer)})`);
      const sentBefore = phone.chat(buyer).messages.length;
      await page.getByTestId('nav-live').click();
      await page.getByTestId('toggle-translator').click();
      const panel = page.getByTestId('translator');
      await panel.getByTestId('translator-chat').selectOption(buyer);
      await panel.getByTestId('composer-to').selectOption('es');
      await panel.getByTestId('composer-input').fill('What is the price of the shoes?');
      await expect(panel.getByTestId('composer-translation')).toContainText(/precio de los zapatos/);
      await expect(panel.getByTestId('composer-back')).toContainText(/price of the shoes/i);
      const translated = (await panel.getByTestId('composer-translation').textContent())!;
      await expect(panel.getByTestId('recent-message').filter({ hasText: INCOMING }).getByTestId('recent-translation')).toContainText(/price of the shoes/i);
      await panel.getByTestId('composer-insert').click();
      await expect(panel.getByTestId('composer-status')).toHaveAttribute('data-ok', 'true');
      expect(await waPage.$eval(COMPOSER, (el) => el.textContent)).toBe(translated);
      // the simulator's ground truth: nothing was sent
      expect(phone.chat(buyer).messages.length).toBe(sentBefore);
      expect(phone.groundTruth().chats.find((c) => c.id === buyer)!.messages.filter((m) => m.fromMe)).toEqual([]);
    });

    await test.step('search: "price" finds the Spanish message through its translation', async () => {
      await page.keyboard.press('Control+k');
      await page.getByTestId('search-input').fill('price');
      const hit = page.getByTestId('search-hit').filter({ hasText: /price of the shoes/i });
      await expect(hit).toBeVisible();
      await expect(hit.getByTestId('hit-via-translation')).toHaveText('译文');
      await page.keyboard.press('Escape');
    });
  } finally {
    await world.close(app);
  }
});
