/// <reference lib="dom" />
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PickPurpose } from '../../src/shared/contract';
import { expect, SHOTS_DIR, test as base } from './harness/fixtures';
import { ACC, CHAT } from './harness/seed';

/** Importing WhatsApp's own chat export from the Team screen: a file from the system dialog, the chat chosen by name. */

const test = base.extend<{ exportFile: string }>({
  exportFile: async ({ tempFolder }, use) => {
    const file = path.join(tempFolder, 'WhatsApp Chat with María.txt');
    writeFileSync(file, '3/2/21, 9:15 AM - María: ¿Tienen muestras del modelo antiguo?\n3/2/21, 9:20 AM - María: Necesito 200 unidades\n3/14/21, 10:00 AM - María: Gracias\n');
    await use(file);
  },
});

test('the file comes from the system dialog, the chat is picked by name, and the old messages land in that chat', async ({ page, appWith, exportFile }) => {
  const asked: PickPurpose[] = [];
  const app = await appWith({ pickPath: async (purpose) => (asked.push(purpose), exportFile) });
  await app.open();
  await page.getByTestId('nav-team').click();
  await page.getByTestId('team-tab-transfer').click();
  const panel = page.getByTestId('whatsapp-panel');
  await panel.getByTestId('whatsapp-file-browse').click();
  await expect(panel.getByTestId('whatsapp-file')).toHaveValue(exportFile);
  expect(asked).toEqual(['whatsappExport']);
  await panel.getByTestId('whatsapp-account').selectOption(ACC.es);
  await panel.getByTestId('whatsapp-chat').selectOption({ label: 'María García' });
  await page.screenshot({ path: path.join(SHOTS_DIR, 'import-panel.png') });
  await panel.getByRole('button', { name: '导入', exact: true }).click();
  await expect(page.getByTestId('job-done')).toContainText('完成');
  const thread = await app.archive.query('thread', { accountId: ACC.es, chatId: CHAT.maria, limit: 200 });
  expect(thread.messages.map((m) => m.text)).toEqual(expect.arrayContaining(['¿Tienen muestras del modelo antiguo?', 'Necesito 200 unidades']));
  expect(app.errors).toEqual([]);
});

test('without a system dialog (archive viewer) there is no Browse button and the path is typed', async ({ app }) => {
  await app.open();
  await app.page.getByTestId('nav-team').click();
  await app.page.getByTestId('team-tab-transfer').click();
  const panel = app.page.getByTestId('whatsapp-panel');
  await expect(panel.getByTestId('whatsapp-file')).toBeVisible();
  await expect(panel.getByTestId('whatsapp-file-browse')).toHaveCount(0);
  await expect(app.page.getByTestId('bundle-file-browse')).toHaveCount(0);
});

test('a chat with a gap offers the import right there; the export fills the gap and its messages show in the thread', async ({ page, appWith, exportFile }) => {
  const app = await appWith({ pickPath: async () => exportFile });
  // capture could not get María's messages of 5–6 March 2021
  await app.archive.write([{ op: 'gap', accountId: ACC.es, chatId: CHAT.maria, fromTs: Date.UTC(2021, 2, 5), toTs: Date.UTC(2021, 2, 6),
    reason: 'messages between these times are not on this device' }]);
  await app.open();
  await page.getByTestId('chat-item').filter({ hasText: 'María García' }).click();
  const banner = page.locator('.banner-gap');
  await expect(banner).toContainText('1 段消息可能缺失');
  await page.screenshot({ path: path.join(SHOTS_DIR, 'gap-banner.png') });
  await banner.getByTestId('gap-import').click();
  const dialog = page.getByTestId('wa-import-dialog');
  await dialog.getByTestId('wa-import-file-browse').click();
  await page.screenshot({ path: path.join(SHOTS_DIR, 'gap-import-dialog.png') });
  await dialog.getByTestId('wa-import-start').click();
  await expect(dialog.getByTestId('job-done')).toContainText('完成');
  await dialog.getByRole('button', { name: '关闭' }).last().click();
  await expect(banner).toHaveCount(0);
  expect(await app.archive.query('gaps', { accountId: ACC.es })).toEqual([]);
  const thread = await app.archive.query('thread', { accountId: ACC.es, chatId: CHAT.maria, limit: 500 });
  expect(thread.messages.map((m) => m.text)).toContain('Necesito 200 unidades');
  expect(app.errors).toEqual([]);
});

test('a file whose dates can be read two ways shows its first messages under both and imports with the reading picked', async ({ page, appWith, tempFolder }) => {
  const file = path.join(tempFolder, 'WhatsApp Chat with María (US phone).txt');
  writeFileSync(file, '3/2/21, 9:15 AM - María: ¿Tienen muestras?\n3/2/21, 9:20 AM - María: Necesito 300 unidades\n');
  const app = await appWith({ pickPath: async () => file });
  await app.open();
  await page.getByTestId('nav-team').click();
  await page.getByTestId('team-tab-transfer').click();
  const panel = page.getByTestId('whatsapp-panel');
  await panel.getByTestId('whatsapp-file-browse').click();
  await panel.getByTestId('whatsapp-account').selectOption(ACC.es);
  await panel.getByTestId('whatsapp-chat').selectOption({ label: 'María García' });
  await panel.getByRole('button', { name: '导入', exact: true }).click();
  const picker = panel.getByTestId('date-order-picker');
  await expect(picker.getByTestId('date-order-dmy')).toContainText('2021年2月3日');
  await expect(picker.getByTestId('date-order-mdy')).toContainText('2021年3月2日');
  await expect(picker.getByTestId('date-order-import')).toBeDisabled();
  await page.screenshot({ path: path.join(SHOTS_DIR, 'import-date-order.png') });
  await picker.getByTestId('date-order-mdy').getByRole('radio').check();
  await picker.getByTestId('date-order-import').click();
  await expect(page.getByTestId('job-done')).toContainText('完成');
  const thread = await app.archive.query('thread', { accountId: ACC.es, chatId: CHAT.maria, limit: 500 });
  const ts = thread.messages.find((m) => m.text === 'Necesito 300 unidades')?.ts ?? 0;
  // 2 March 2021 in whatever zone the browser runs in, never 3 February
  expect(Math.abs(ts - Date.UTC(2021, 2, 2, 9, 20))).toBeLessThan(15 * 3600_000);
  expect(app.errors).toEqual([]);
});
