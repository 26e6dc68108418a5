/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import type { Page } from '@playwright/test';
import { expect, test } from './harness/fixtures';
import { MSG, TEXT } from './harness/seed';

async function search(page: Page, query: string) {
  await page.keyboard.press('Control+k');
  const input = page.getByTestId('search-input');
  await expect(input).toBeFocused();
  await input.fill(query);
  return page.getByTestId('search-hit');
}

test('finds a Chinese term, highlights it and jumps to the message in its chat', async ({ app }) => {
  const { page } = app;
  await app.open();
  const hits = await search(page, TEXT.zhQuery);
  const hit = hits.filter({ hasText: '我们需要一份正式的报价单' });
  await expect(hit).toHaveCount(1);
  await expect(hit.locator('mark').first()).toHaveText(TEXT.zhQuery);
  await expect(hits.filter({ hasText: '国内渠道' })).toHaveCount(1); // the banned account's archive is searched too
  await hit.click();
  await expect(page.getByTestId('search-palette')).toHaveCount(0);
  await expect(page.getByTestId('thread-title')).toHaveText('李伟（广州）');
  const target = page.locator(`[data-testid="message"][data-wa-id="${MSG.liweiQuote}"]`);
  await expect(target).toBeInViewport();
  await expect(target).toHaveClass(/is-flash/);
});

test('finds a Spanish term with or without its accent, and the document by its file name', async ({ app }) => {
  const { page } = app;
  await app.open();
  let hits = await search(page, TEXT.esQuery);
  await expect(hits.filter({ hasText: TEXT.esHit })).toHaveCount(1);
  await expect(hits.filter({ hasText: 'Cotización_2024-118.pdf' })).toHaveCount(1);
  await page.getByTestId('search-input').fill('cotizacion');
  hits = page.getByTestId('search-hit');
  await expect(hits.filter({ hasText: TEXT.esHit })).toHaveCount(1);
  // keyboard: the first hit is selected, Enter opens it in context
  await page.getByTestId('search-input').press('Enter');
  await expect(page.getByTestId('thread-title')).toHaveText('María García');
});

test('jumps deep into the 100k-message chat and shows the hit among its neighbours', async ({ app }) => {
  const { page } = app;
  await app.open();
  const hits = await search(page, 'proforma 50002');
  await expect(hits).toHaveCount(1);
  await hits.first().click();
  await expect(page.getByTestId('thread-title')).toHaveText('Importadora Andina');
  const hit = page.locator('[data-testid="message"]').filter({ hasText: '¿Me envías la factura proforma 50002?' });
  await expect(hit).toBeInViewport();
  await expect(page.locator('[data-testid="message"]').filter({ hasText: '50001' })).toBeVisible();
  await expect(page.locator('[data-testid="message"]').filter({ hasText: '50003' })).toBeVisible();
});

test('narrows results by account and by chat, and Esc closes the palette', async ({ app }) => {
  const { page } = app;
  await app.open();
  const hits = await search(page, '报价');
  await expect(hits).toHaveCount(3);
  await page.getByTestId('search-filter-account').click();
  await page.getByRole('menuitemcheckbox', { name: '国内渠道' }).click();
  await expect(hits).toHaveCount(1);
  await page.keyboard.press('Escape'); // closes the menu
  await expect(page.getByTestId('search-palette')).toBeVisible();
  await page.keyboard.press('Escape'); // then the palette
  await expect(page.getByTestId('search-palette')).toHaveCount(0);
});
