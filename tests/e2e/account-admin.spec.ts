import { type AppHarness, expect, startApp, test } from './harness/fixtures';
import { startLiveWorld } from './harness/live';
import { ACC, LABEL } from './harness/seed';

/** Rename, reorder by drag, and remove behind the admin passphrase, through the real Supervisor. */
test('rename, reorder by drag, remove with confirmation and the admin passphrase (archive kept)', async ({ page }) => {
  const world = await startLiveWorld();
  let app: (AppHarness & { close(): Promise<void> }) | null = null;
  try {
    app = await startApp(page, { supervisor: world.supervisor });
    await app.open();
    const items = page.getByTestId('account-item');
    const item = (id: string) => page.locator(`[data-testid="account-item"][data-account-id="${id}"]`);
    const order = () => items.evaluateAll((els) => els.map((e) => e.getAttribute('data-account-id')));
    expect(await order()).toEqual([ACC.es, ACC.me, ACC.cn, ACC.eu, ACC.new]);

    // rename
    await item(ACC.new).getByTestId('account-menu').click();
    await page.getByTestId('rename-account').click();
    await page.getByTestId('rename-input').fill('广交会展位号');
    await page.getByTestId('rename-input').press('Enter');
    await expect(item(ACC.new).locator('.rail-label')).toHaveText('广交会展位号');
    expect((await app.core.call('accounts.list', {})).find((a) => a.id === ACC.new)?.label).toBe('广交会展位号');

    // reorder: drag the last account onto the first one's upper half
    await item(ACC.new).dragTo(item(ACC.es), {
      targetPosition: { x: 40, y: 4 },
    });
    await expect.poll(order).toEqual([ACC.new, ACC.es, ACC.me, ACC.cn, ACC.eu]);
    expect((await app.core.call('accounts.list', {})).map((a) => a.id)).toEqual([ACC.new, ACC.es, ACC.me, ACC.cn, ACC.eu]);

    // remove: needs the typed name and the admin passphrase; a wrong one changes nothing
    await app.core.call('admin.setPassphrase', { current: null, next: 'correct horse battery' });
    await item(ACC.cn).getByTestId('account-menu').click();
    await page.getByTestId('remove-account').click();
    const dialog = page.getByTestId('remove-dialog');
    await expect(dialog).toContainText('全部聊天记录会保留在存档中');
    await expect(dialog.getByTestId('remove-submit')).toBeDisabled();
    await dialog.getByTestId('remove-confirm').fill(LABEL.cn);
    await dialog.getByTestId('remove-passphrase').fill('wrong passphrase');
    await dialog.getByTestId('remove-submit').click();
    await expect(dialog.getByTestId('remove-error')).toContainText('管理员口令不正确');
    await expect(page.locator(`[data-testid="account-item"][data-account-id="${ACC.cn}"]`)).toBeVisible();
    await dialog.getByTestId('remove-passphrase').fill('correct horse battery');
    await dialog.getByTestId('remove-submit').click();
    await expect(dialog).toHaveCount(0);
    await expect(page.locator(`[data-testid="account-item"][data-account-id="${ACC.cn}"]`)).toHaveCount(0);
    const audit = await app.archive.query('auditLog', {});
    expect(audit.some((e) => e.action === 'account.remove' && e.target === ACC.cn)).toBe(true);

    // the removed account's history is still in the archive and searchable
    const hits = await app.core.call('search.query', { query: '合同' });
    expect(hits.hits.map((h) => h.message.accountId)).toContain(ACC.cn);
  } finally {
    await world.close(app);
  }
});
