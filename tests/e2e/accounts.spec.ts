import { expect, test } from './harness/fixtures';
import { ACC } from './harness/seed';

test('a banned account: badge in the rail, "banned — archive kept" banner, its chats open and search', async ({ app }) => {
  const { page } = app;
  await app.open();
  const item = page.locator(`[data-testid="account-item"][data-account-id="${ACC.cn}"]`);
  await expect(item.locator('[data-state="banned"]').last()).toContainText('已封禁');
  await item.locator('.rail-main').click();
  // a banned account opens its archive, filtered to it
  await expect(page.getByTestId('filter-account')).toContainText('国内渠道');
  await expect(page.getByTestId('chat-item')).toHaveCount(2);
  await page.locator('[data-testid="chat-item"][data-chat-id="8613800138000@c.us"]').click();
  await expect(page.getByTestId('archive-banner')).toContainText('此账号已被封禁 —— 存档已保留。');
  await expect(page.getByText('合同已经签好了，请查收。')).toBeVisible();

  await page.keyboard.press('Control+k');
  await page.getByTestId('search-input').fill('合同');
  const hit = page.getByTestId('search-hit').filter({ hasText: '合同已经签好了' });
  await expect(hit).toContainText('国内渠道');
  await hit.click();
  await expect(page.getByTestId('archive-banner')).toBeVisible();

  // live accounts have no banner
  await page.getByTestId('filter-account').click();
  await page.getByRole('menuitemcheckbox', { name: '国内渠道' }).click();
  await page.getByTestId('chat-item').filter({ hasText: 'Ahmed Al-Farsi' }).click();
  await expect(page.getByTestId('archive-banner')).toHaveCount(0);
});

test('shows each account state in the rail and offers the action that fits it', async ({ app }) => {
  const { page } = app;
  await app.open();
  const state = (id: string) => page.locator(`[data-testid="account-item"][data-account-id="${id}"] .rail-sub [data-state]`);
  await expect(state(ACC.es)).toHaveAttribute('data-state', 'stopped');
  await expect(state(ACC.eu)).toHaveAttribute('data-state', 'hibernated');
  await expect(state(ACC.eu)).toContainText('已休眠');
  await expect(state(ACC.cn)).toHaveAttribute('data-state', 'banned');
  await page.locator(`[data-account-id="${ACC.eu}"]`).getByTestId('account-menu').click();
  await expect(page.getByRole('menuitem', { name: '唤醒' })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: '移除账号' })).toBeVisible();
  // without a supervisor (this window has an archive only) a lifecycle action says so, and changes nothing
  await page.getByRole('menuitem', { name: '唤醒' }).click();
  await expect(page.getByTestId('toast')).toContainText('只能查看存档');
  await page.getByTestId('toast').getByRole('button').click();
  await expect(state(ACC.eu)).toHaveAttribute('data-state', 'hibernated');
});

test('keyboard: Ctrl+2 shows the second account, Ctrl+T tiles, Esc closes panels', async ({ app }) => {
  const { page } = app;
  await app.open();
  await page.keyboard.press('Control+2');
  await expect(page.getByTestId('tile')).toHaveCount(1);
  await expect(page.getByTestId('tile')).toHaveAttribute('data-account-id', ACC.me);
  await page.keyboard.press('Control+t');
  await expect(page.getByTestId('tile')).toHaveCount(4);
  await page.keyboard.press('Control+t');
  await expect(page.getByTestId('tile')).toHaveCount(1);
  await page.keyboard.press('Control+k');
  await expect(page.getByTestId('search-palette')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('search-palette')).toHaveCount(0);
});
