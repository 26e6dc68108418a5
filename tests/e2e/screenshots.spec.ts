/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { expect, test } from './harness/fixtures';
import { shot } from './harness/shot';

test('screenshots of every main screen', async ({ app }) => {
  const { page } = app;
  await app.open();

  await page.getByTestId('chat-item').filter({ hasText: 'María García' }).click();
  await expect(page.getByTestId('edited-flag')).toBeVisible();
  await shot(page, 'inbox', true);

  await page.getByTestId('chat-item').filter({ hasText: 'Distribuidores' }).click();
  await page.getByTestId('toggle-details').click();
  await expect(page.getByTestId('member-activity')).toBeVisible();
  await shot(page, 'group-details', true);
  await page.keyboard.press('Escape');

  await page.keyboard.press('Control+k');
  await page.getByTestId('search-input').fill('报价');
  await expect(page.getByTestId('search-hit')).toHaveCount(3);
  await shot(page, 'search', true);
  await page.keyboard.press('Escape');

  await page.locator('[data-testid="chat-item"][data-chat-id="8613800138000@c.us"]').click();
  await expect(page.getByTestId('archive-banner')).toBeVisible();
  await shot(page, 'banned-archive-kept', true);

  await page.getByTestId('nav-live').click();
  await page.getByTestId('mode-2x2').click();
  await expect(page.getByTestId('tile')).toHaveCount(4);
  await shot(page, 'tiles-2x2', true);

  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('data-folder')).not.toHaveText('…');
  await shot(page, 'settings');

  await page.getByTestId('theme-dark').click();
  await page.getByTestId('nav-inbox').click();
  await page.getByTestId('chat-item').filter({ hasText: '李伟' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await shot(page, 'inbox-dark', true);

  await page.getByTestId('nav-settings').click();
  await page.getByTestId('lang-en').click();
  await page.getByTestId('theme-light').click();
  await page.getByTestId('nav-inbox').click();
  await page.getByTestId('chat-item').filter({ hasText: 'Ahmed' }).click();
  await expect(page.getByTestId('nav-inbox')).toContainText('Archive');
  await shot(page, 'inbox-english', true);
});
