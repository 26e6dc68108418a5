/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { expect, test } from './harness/fixtures';
import { MSG, TEXT } from './harness/seed';

test('a hostile body (<img onerror>, <script>, javascript:) renders as text and runs nothing', async ({ app }) => {
  const { page } = app;
  const scriptsBefore: string[] = [];
  await app.open();
  scriptsBefore.push(...await page.locator('script').evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).src)));
  await page.getByTestId('chat-item').filter({ hasText: 'Eve <b>Tester</b>' }).click();
  await expect(page.getByTestId('thread-title')).toHaveText('Eve <b>Tester</b>');

  const img = page.locator(`[data-testid="message"][data-wa-id="${MSG.hostileImg}"] .msg-text`);
  const script = page.locator(`[data-testid="message"][data-wa-id="${MSG.hostileScript}"] .msg-text`);
  await expect(img).toHaveText(TEXT.hostileImg);
  await expect(script).toHaveText(TEXT.hostileScript);

  expect(await page.locator('img[src="x"], .thread b, .chatlist b').count()).toBe(0);
  expect(await page.locator('[data-testid="thread"] script, [data-testid="thread"] a[href^="javascript:"]').count()).toBe(0);
  expect(await page.locator('script').evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).src))).toEqual(scriptsBefore);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

  // also in search results and the chat list preview
  await page.keyboard.press('Control+k');
  await page.getByTestId('search-input').fill('onerror');
  await expect(page.getByTestId('search-hit')).toHaveCount(1);
  await expect(page.getByTestId('search-hit').locator('.hit-snippet')).toContainText('<img src=x onerror=');
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  // the fixture fails the test on any dialog (alert) or console error
});
