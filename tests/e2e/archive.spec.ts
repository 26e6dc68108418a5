/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './harness/fixtures';
import { ACC, BIG_CHAT_SIZE, CHAT, MSG, TEXT } from './harness/seed';

const chatItem = (page: Page, name: string) => page.getByTestId('chat-item').filter({ hasText: name });
const message = (page: Page, waId: string) => page.locator(`[data-testid="message"][data-wa-id="${waId}"]`);

async function openChat(page: Page, name: string): Promise<Locator> {
  await chatItem(page, name).click();
  await expect(page.getByTestId('thread-title')).toHaveText(name);
  return page.getByTestId('thread');
}

test('opens chats across accounts; unread counts fall when a chat is read', async ({ app }) => {
  const { page } = app;
  await app.open();
  const maria = chatItem(page, 'María García');
  await expect(maria.getByTestId('chat-unread')).toHaveText('2');
  const esAccount = page.locator(`[data-account-id="${ACC.es}"]`).getByTestId('account-unread');
  await expect(esAccount).toHaveText('2');

  await openChat(page, 'María García');
  await expect(page.getByText('¿Cuál es el precio final con envío a Valencia?')).toBeVisible();
  await expect(maria.getByTestId('chat-unread')).toHaveCount(0);
  await expect(esAccount).toHaveCount(0);
  expect(await app.core.call('archive.unread', {})).toEqual([{ accountId: ACC.me, unread: 1 }]);

  // another account's chat, Chinese text
  await openChat(page, '李伟（广州）');
  await expect(page.getByText(TEXT.zhHit).first()).toBeVisible();
  await expect(page.getByTestId('thread').locator('.account-tag')).toHaveText('Sales 2 · Middle East');
});

test('an edited and a deleted-for-everyone message show correctly, with quotes, forwards, media and links', async ({ app }) => {
  const { page } = app;
  await app.open();
  await openChat(page, 'María García');

  const edited = message(page, MSG.edited);
  await expect(edited).toContainText(TEXT.editedNow);
  await expect(edited).not.toContainText(TEXT.editedOriginal);
  await edited.getByTestId('edited-flag').click();
  const history = page.getByTestId('history-dialog');
  await expect(history).toContainText(TEXT.editedOriginal);
  await expect(history).toContainText(TEXT.editedNow);
  await page.keyboard.press('Escape');
  await expect(history).toHaveCount(0);

  const revoked = message(page, MSG.revoked);
  await expect(revoked.getByTestId('revoked-flag')).toContainText('已对所有人删除');
  await expect(revoked).toContainText(TEXT.revokedOriginal); // original kept

  // a reply quoting an earlier message; clicking the quote jumps to it
  await expect(page.locator('.msg-quote').first()).toContainText(TEXT.esHit);
  await expect(page.getByText('转发的消息')).toBeVisible();
  const link = page.getByRole('link', { name: 'https://example.com/catalogo-2024' });
  await expect(link).toHaveAttribute('href', 'https://example.com/catalogo-2024');
  await expect(link).toHaveAttribute('target', '_blank');

  // media through the media URL: a real PNG decoded by the browser, and a document link
  const img = page.locator('.media-image img').first();
  await img.scrollIntoViewIfNeeded();
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(640);
  await expect(page.locator('.media-file')).toContainText('Cotización_2024-118.pdf');
  await expect(page.locator('.msg-location')).toContainText('Almacén Madrid');
  await expect(page.locator('.reaction').first()).toBeVisible();
});

test('group notifications, day separators and the group panel (admins, activity, silent members, community)', async ({ app }) => {
  const { page } = app;
  await app.open();
  await openChat(page, 'Distribuidores España 🇪🇸');
  await expect(page.locator('.msg-system').filter({ hasText: '设置了新管理员' })).toContainText('María García');
  await expect(page.locator('.msg-system').filter({ hasText: '退出了群组' })).toContainText('Pedro');
  await expect(page.locator('.day-separator').first()).toBeVisible();

  await page.getByTestId('toggle-details').click();
  const panel = page.getByTestId('details-panel');
  await expect(panel).toContainText('管理员');
  await expect(panel.locator('.people').first()).toContainText('María García');
  const activity = panel.getByTestId('member-activity');
  await expect(activity.locator('tr').filter({ hasText: 'María García' }).locator('.num')).toHaveText('3');
  await expect(activity.locator('tr').filter({ hasText: 'Carlos Ruiz' }).locator('.num')).toHaveText('2');
  await expect(panel.getByText('沉默成员')).toBeVisible();
  await expect(panel).toContainText('Javier Moreno');
  await expect(panel).toContainText('已退出');
  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);

  await openChat(page, 'Socios México');
  await page.getByTestId('toggle-details').click();
  await expect(page.getByTestId('details-panel')).toContainText('Socios LATAM · Anuncios');
  await page.getByTestId('details-panel').getByRole('button', { name: /Socios LATAM · Anuncios/ }).click();
  await expect(page.getByTestId('thread-title')).toHaveText('Socios LATAM · Anuncios');
});

test('filters the chat list by account, kind and unread', async ({ app }) => {
  const { page } = app;
  await app.open();
  await page.getByTestId('filter-unread').click();
  await expect(page.getByTestId('chat-item')).toHaveCount(2);
  await page.getByTestId('filter-unread').click();
  await page.getByTestId('filter-kind').click();
  await page.getByRole('menuitemcheckbox', { name: '群组' }).click();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('chat-item')).toHaveCount(3); // two groups + the community member group
  await page.getByTestId('filter-kind').click();
  await page.getByRole('menuitemcheckbox', { name: '群组' }).click();
  await page.getByTestId('filter-account').click();
  await page.getByRole('menuitemcheckbox', { name: 'Sales 2 · Middle East' }).click();
  await expect(page.getByTestId('chat-item')).toHaveCount(2);
});

test('opens a 100k-message chat at the newest message, scrolls to the top and back, keeping position as pages load', async ({ app }) => {
  const { page } = app;
  await app.open();
  const thread = await openChat(page, 'Importadora Andina');
  await expect(thread).toHaveAttribute('data-total', String(BIG_CHAT_SIZE));
  const scroller = page.getByTestId('thread-scroll');
  await expect(page.getByText(`Pedido #${BIG_CHAT_SIZE - 4}`, { exact: false }).last()).toBeInViewport();

  // Scroll up step by step across page boundaries: every step moves the content by the scrolled
  // distance, give or take a row it reveals being measured (a day separator: ~46px) — never by
  // a page loading above (100 rows landing uncompensated would move it by hundreds of pixels).
  // measures the topmost fully visible message and scrolls, in one go (null: nothing settled on screen yet)
  const measureAndScroll = () => page.evaluate(() => {
    const scroll = document.querySelector('[data-testid="thread-scroll"]')!;
    const box = scroll.getBoundingClientRect();
    const el = [...document.querySelectorAll<HTMLElement>('[data-testid="message"]')]
      .find((m) => { const r = m.getBoundingClientRect(); return r.top >= box.top && r.bottom <= box.bottom; });
    if (!el) return null;
    const top = el.getBoundingClientRect().top;
    scroll.scrollTop -= 600;
    return { id: el.dataset.waId!, top };
  });
  for (let step = 0; step < 14; step++) {
    let before: { id: string; top: number } | null = null;
    await expect.poll(async () => (before = await measureAndScroll())).not.toBeNull();
    const { id, top } = before!;
    await expect(page.locator('.msg-skeleton').filter({ visible: true })).toHaveCount(0);
    await expect.poll(async () => Math.abs(await message(page, id).evaluate((el) => el.getBoundingClientRect().top) - top - 600))
      .toBeLessThan(50);
  }
  // a long jump shows placeholders for a moment, then the messages
  await scroller.evaluate((el) => { el.scrollTop -= 60_000; });
  await expect(page.locator('.msg-skeleton').filter({ visible: true })).toHaveCount(0);
  await expect(page.locator('[data-testid="message"]').filter({ visible: true }).first()).toBeVisible();

  // all the way to the first message
  await scroller.evaluate((el) => { el.scrollTop = 0; });
  await expect(message(page, MSG.bigFirst)).toBeInViewport();
  await expect(message(page, MSG.bigFirst)).toContainText('Primer mensaje');

  // and back to the newest
  await page.locator('.jump-latest').click();
  await expect(page.getByText(`Pedido #${BIG_CHAT_SIZE - 4}`, { exact: false }).last()).toBeInViewport();
  await expect(page.locator('.jump-latest')).toHaveCount(0);
  // the page keeps a bounded window of the chat in memory, not 100k rows
  expect(await page.locator('[data-testid="message"]').count()).toBeLessThan(200);
});

test('a captured message reaches the open thread, the chat list and the details with one fetch per resource', async ({ app }) => {
  const { page } = app;
  await app.open();
  const thread = await openChat(page, 'María García');
  await page.getByTestId('toggle-details').click();
  const details = page.getByTestId('details-panel');
  await expect(details.locator('.details-hero h3')).toHaveText('María García');
  const countBefore = await details.locator('.details-hero .muted').textContent();

  const ts = Date.now();
  const text = '¿Podemos cerrar el pedido hoy?';
  await app.archive.write([{ op: 'upsertMessage', accountId: ACC.es, message: {
    id: `false_${CHAT.maria}_FEED1`, chatId: CHAT.maria, senderId: CHAT.maria, fromMe: false, type: 'chat', timestamp: ts, body: text } }]);
  app.calls.length = 0;
  // what Core sends when capture commits a message (core.ts), pushed into the page as the bridge does
  await page.evaluate((e) => (window as unknown as { __switchboardEmit: (n: string, p: unknown) => void }).__switchboardEmit('message.captured', e), {
    accountId: ACC.es, chatId: CHAT.maria, messageId: `false_${CHAT.maria}_FEED1`, fromMe: false, ts, type: 'chat', text,
    preview: text, senderName: 'María', chatName: 'María García', chatUnread: 0, accountUnread: 0, notification: null,
  });

  await expect(thread.getByText(text)).toBeVisible();
  await expect(chatItem(page, 'María García')).toContainText(text);
  await expect(page.getByTestId('chat-item').first()).toContainText('María García');
  await expect(details.locator('.details-hero .muted')).not.toHaveText(countBefore ?? '');
  // the thread's tail and the details once each; the list takes the message in place; a contact's card does not change
  const reads = app.calls.filter((c) => ['archive.threadSlice', 'archive.chatList', 'archive.chatDetail', 'archive.contactDetail'].includes(c));
  expect(reads.sort()).toEqual(['archive.chatDetail', 'archive.threadSlice']);
});
