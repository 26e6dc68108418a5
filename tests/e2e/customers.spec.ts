/// <reference lib="dom" />
import { expect, test } from './harness/fixtures';
import { CHAT } from './harness/seed';

/** Issue 6 screens on a real Core: customers, the lead's dashboard, handover preview and export with progress. */

test('customers: list, panel with stage, note, follow-up and timeline; export a customer as HTML', async ({ app }) => {
  const { page } = app;
  await app.open();
  await page.getByTestId('nav-customers').click();
  await expect(page.getByTestId('customers-screen')).toBeVisible();
  await page.getByTestId('customers-search').fill('María');
  const item = page.getByTestId('customer-item').filter({ hasText: 'María García' });
  await item.click();
  const panel = page.getByTestId('customer-panel');
  await expect(panel.locator('h2')).toHaveText('María García');

  await panel.getByTestId('stage-quote').click();
  await expect(panel.getByTestId('stage-quote')).toHaveAttribute('aria-pressed', 'true');
  await panel.getByTestId('field-timeZone').fill('Europe/Madrid');
  await panel.getByTestId('fields-save').click();
  await expect(panel.getByTestId('customer-local-time')).toContainText('当地时间');

  await panel.getByTestId('note-text').fill('要 500 件，下周寄样 <b>not bold</b>');
  await panel.getByTestId('note-add').click();
  await expect(panel.getByTestId('timeline')).toContainText('要 500 件，下周寄样 <b>not bold</b>');
  await expect(panel.getByTestId('timeline').locator('b')).toHaveCount(0);
  await panel.getByTestId('followup-text').fill('发形式发票');
  await panel.getByTestId('followup-add').click();
  await expect(panel.getByTestId('followups')).toContainText('发形式发票');
  await expect(item).toContainText('报价');

  const customerId = await app.core.call('customers.ofChat', { accountId: 'acc-es', chatId: CHAT.maria });
  const detail = await app.core.call('customers.get', { customerId: customerId! });
  expect(detail).toMatchObject({ stage: 'quote', timeZone: 'Europe/Madrid', notes: [{ body: '要 500 件，下周寄样 <b>not bold</b>' }] });

  // the owner stays shown after they leave, marked as such (not as "no owner")
  await panel.getByTestId('field-owner').selectOption({ label: '李强' });
  await expect.poll(async () => (await app.core.call('customers.get', { customerId: customerId! })).ownerId).toBe('p-li');
  await app.core.call('admin.setPassphrase', { current: null, next: 'admin pass 1' });
  await app.core.call('people.save', { personId: 'p-li', name: '李强', role: 'rep', active: false, passphrase: 'admin pass 1' });
  await page.getByTestId('nav-inbox').click();
  await page.getByTestId('nav-customers').click();
  await page.getByTestId('customer-item').filter({ hasText: 'María García' }).click();
  await expect(panel.getByTestId('field-owner')).toHaveValue('p-li');
  await expect(panel.getByTestId('field-owner').locator('option:checked')).toHaveText('李强 (已停用)');

  await panel.getByTestId('customer-export').click();
  const dialog = page.getByTestId('export-dialog');
  await dialog.getByTestId('export-start').click();
  await expect(dialog.getByTestId('job-done')).toContainText('完成');
  await expect(dialog.locator('.job-files li')).toHaveCount(1);
});

test('team: dashboard figures from the archive, handover preview needs the admin passphrase to run', async ({ app }) => {
  const { page } = app;
  await app.open();
  await page.getByTestId('nav-team').click();
  const reps = page.getByTestId('team-reps');
  await expect(reps).toContainText('王芳');
  await expect(page.getByTestId('team-dashboard').locator('canvas').first()).toBeVisible();

  await page.getByTestId('team-tab-handover').click();
  const wizard = page.getByTestId('handover-wizard');
  await wizard.getByTestId('handover-from').selectOption({ label: '王芳' });
  await wizard.getByTestId('handover-to').selectOption({ label: '李强' });
  await wizard.getByTestId('handover-preview').click();
  await expect(wizard.getByTestId('handover-report')).toContainText('销售一部');
  await wizard.getByTestId('handover-passphrase').fill('not-the-passphrase');
  await wizard.getByTestId('handover-run').click();
  await expect(page.locator('.toast-error')).toBeVisible();
  expect((await app.core.call('accounts.list', {})).find((a) => a.id === 'acc-es')?.ownerId).toBe('p-wang');
});

test('a clicked follow-up reminder opens its customer (Core asks the window, as main does on a notification click)', async ({ app }) => {
  const { page } = app;
  await app.open();
  await expect(page.getByTestId('customers-screen')).toHaveCount(0);
  const customerId = await app.core.call('customers.ofChat', { accountId: 'acc-es', chatId: CHAT.maria });
  app.core.requestOpenCustomer(customerId!);
  await expect(page.getByTestId('customers-screen')).toBeVisible();
  await expect(page.getByTestId('customer-panel').locator('h2')).toHaveText('María García');
  await expect(page.getByTestId('customer-item').filter({ hasText: 'María García' })).toHaveClass(/is-active/);
});

test('a follow-up set for a time already past reminds at once; "Show" on the reminder opens the customer', async ({ app }) => {
  const { page } = app;
  await app.open();
  const customerId = await app.core.call('customers.ofChat', { accountId: 'acc-es', chatId: CHAT.maria });
  await app.core.call('customers.addFollowUp', { customerId: customerId!, details: { text: '回复报价', dueAt: Date.now() - 60_000, assigneeId: 'p-wang' } });
  const reminder = page.getByTestId('toast').filter({ hasText: '跟进到期：回复报价' });
  await reminder.getByTestId('toast-action').click();
  await expect(page.getByTestId('customer-panel').locator('h2')).toHaveText('María García');
  await expect(reminder).toHaveCount(0);
});
