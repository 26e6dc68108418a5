import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { ArchiveBatch, type ArchiveOpInput } from '../../src/core/archive/operations';
import { textHash } from '../../src/core/archive/queries/translations';
import { startLocalCluster, type LocalCluster } from '../../src/server/pg/local-cluster';
import { createEnrollmentCode, enrollDevice } from '../../src/server/team/accounts';
import { ingestPush } from '../../src/server/team/ingest';
import { createUser } from '../../src/server/team/users';
import { applyBatch } from '../../src/server/pg/pg-applier';
import { initTeamServer, type RunningTeamServer, startTeamServer } from '../../src/server/team-server';
import { RENDERER_DIR } from './harness/server';

/**
 * The lead's console: the app's own renderer in a browser, served by a real team server over
 * a real PostgreSQL. Reps' PCs are stood in for by pushes of their outboxes.
 */

test.describe.configure({ timeout: 120_000 });

const PASSWORD = 'correct horse battery';
const BUYER = '34600000001@c.us';
const REPS = [
  { login: 'rep-a1', team: 'A', number: '8613800000101@c.us', label: '销售 A1', body: '¿Precio FOB? alpaca 报价' },
  { login: 'rep-a2', team: 'A', number: '8613800000102@c.us', label: '销售 A2', body: 'bison samples 样品' },
  { login: 'rep-b1', team: 'B', number: '8613800000201@c.us', label: '销售 B1', body: 'condor order 订单' },
];

let cluster: LocalCluster;
const devices = new Map<string, { deviceId: string; seq: number }>();
/** What a rep's PC pushes when it captures a message from the buyer. */
async function push(login: string, m: { id: string; body: string; chatId?: string }): Promise<void> {
  const d = devices.get(login)!;
  d.seq += 1;
  const chatId = m.chatId ?? BUYER;
  await ingestPush(server.pool, d.deviceId, [{ seq: d.seq, now: Date.now(), ops: ArchiveBatch.parse([
    { op: 'upsertMessage', accountId: 'local-1', message: { id: m.id, chatId, senderId: chatId, fromMe: false, type: 'chat', body: m.body,
      timestamp: Date.now() } },
  ] satisfies ArchiveOpInput[]) }]);
}
let server: RunningTeamServer;
const dirs: string[] = [];

test.beforeAll(async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sb-pg-'));
  dirs.push(dataDir);
  cluster = await startLocalCluster({ dataDir, settings: { fsync: 'off' } });
  await initTeamServer(cluster.url, { login: 'admin', name: 'Admin', password: PASSWORD });
  server = await startTeamServer({ databaseUrl: cluster.url, listen: { host: '127.0.0.1', port: 0 }, consoleDir: RENDERER_DIR });
  const pool = server.pool;
  await createUser(pool, { login: 'lead-a', name: 'Lead A', role: 'lead', team: 'A', password: PASSWORD }, 'test');
  for (const r of REPS) {
    const id = await createUser(pool, { login: r.login, name: r.login, role: 'rep', team: r.team, password: PASSWORD }, 'test');
    const { deviceId } = await enrollDevice(pool, { code: await createEnrollmentCode(pool, id, 'test'), deviceName: `${r.login}-pc` });
    devices.set(r.login, { deviceId, seq: 1 });
    await ingestPush(pool, deviceId, [{ seq: 1, now: Date.now(), ops: ArchiveBatch.parse([
      { op: 'createAccount', accountId: 'local-1', label: r.label, partitionId: 'p-1' },
      { op: 'patchAccount', accountId: 'local-1', meId: r.number, phone: r.number.split('@')[0] },
      { op: 'upsertMessage', accountId: 'local-1', message: { id: `in-${r.login}`, chatId: BUYER, senderId: BUYER, fromMe: false, type: 'chat',
        body: r.body, timestamp: Date.now() - 60_000 } },
      // the rep's PC translated it into Chinese
      { op: 'translation', accountId: 'local-1', messageId: `in-${r.login}`, lang: 'zh', text: `【译】${r.body}`, srcLang: 'es', provider: 'apertium',
        sourceHash: textHash(r.body), at: Date.now() - 50_000 },
    ] satisfies ArchiveOpInput[]) }]);
  }
});

test.afterAll(async () => {
  await server?.close();
  await cluster?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function signIn(page: Page, login: string, password = PASSWORD): Promise<void> {
  await page.getByTestId('sign-in-login').fill(login);
  await page.getByTestId('sign-in-password').fill(password);
  await page.getByTestId('sign-in-submit').click();
}

test('a lead signs in to the console in a browser and sees their team\'s accounts, with only what the console can do', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    // a signed-out call and a wrong password are answered 401 on purpose; Chromium logs each
    if (m.type() === 'error' && !/status of 401/.test(m.text())) errors.push(m.text());
  });
  await page.goto(server.url);
  await expect(page.getByRole('heading', { name: 'Switchboard 团队控制台' })).toBeVisible();

  await signIn(page, 'lead-a', 'not the password');
  await expect(page.getByTestId('sign-in-error')).toHaveText('账号或密码错误。');
  await signIn(page, 'lead-a');

  const rail = page.getByTestId('account-item');
  await expect(rail).toHaveCount(2);
  await expect(page.getByTestId('account-rail')).toContainText('销售 A1');
  await expect(page.getByTestId('account-rail')).toContainText('销售 A2');
  await expect(page.getByTestId('account-rail')).not.toContainText('销售 B1');
  // the inbox over the team's archive: the team's chats, a thread, and what a rep's PC captures arriving live
  await expect(page.getByTestId('chat-item')).toHaveCount(2);
  await page.getByTestId('chat-item').filter({ hasText: '销售 A1' }).click();
  await expect(page.getByTestId('message')).toHaveCount(1);
  await expect(page.getByTestId('thread')).toContainText('¿Precio FOB? alpaca 报价');
  // with the translation the rep's PC stored, in the lead's language
  await expect(page.getByTestId('thread')).toContainText('【译】¿Precio FOB? alpaca 报价');
  // a hostile body from a buyer is shown as text and runs nothing
  const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> javascript:alert(3)';
  await push('rep-a1', { id: 'hostile-1', body: hostile });
  await expect(page.getByTestId('thread')).toContainText(hostile);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page.locator('[data-testid="thread"] img[src="x"]')).toHaveCount(0);
  await push('rep-a1', { id: 'live-1', body: 'Necesito la proforma hoy 今天要形式发票' });
  await expect(page.getByTestId('message')).toHaveCount(3);
  await expect(page.getByTestId('thread')).toContainText('Necesito la proforma hoy');

  // the team overview: the team's people, their PCs as last heard from, their accounts as reported
  await page.getByTestId('nav-team').click();
  await expect(page.getByTestId('team-overview')).toBeVisible();
  await expect(page.getByTestId('overview-user')).toHaveCount(3);
  const a1 = page.locator('[data-testid="overview-user"][data-login="rep-a1"]');
  await expect(a1.getByTestId('overview-device')).toHaveAttribute('data-online', 'true');
  await expect(a1.getByTestId('overview-device')).toContainText('rep-a1-pc');
  await expect(a1.getByTestId('overview-account')).toContainText('销售 A1');
  await expect(page.locator('[data-testid="overview-user"][data-login="rep-b1"]')).toHaveCount(0);

  // hand rep A1's account to rep A2: the plan first, then done, nothing deleted
  await a1.getByTestId('handover-account').click();
  await page.getByTestId('handover-to').selectOption({ label: 'rep-a2 · A' });
  await expect(page.getByTestId('handover-plan')).toContainText('rep-a2-pc');
  await expect(page.getByTestId('handover-plan')).toContainText('rep-a1-pc');
  await page.getByTestId('handover-confirm').click();
  await expect(page.getByTestId('handover-dialog')).toHaveCount(0);
  const a2 = page.locator('[data-testid="overview-user"][data-login="rep-a2"]');
  await expect(a2.getByTestId('overview-account')).toHaveCount(2);
  await expect(a1.getByTestId('overview-account')).toHaveCount(0);

  // hand rep A1's customers to rep A2: none yet, so nothing to confirm
  await a1.getByTestId('handover-customers').click();
  await page.getByTestId('handover-to').selectOption({ label: 'rep-a2 · A' });
  await expect(page.getByTestId('handover-customers-plan')).toContainText(/owns no customers|没有负责的客户/);
  await expect(page.getByTestId('handover-confirm')).toBeDisabled();
  // Esc closes it
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('handover-dialog')).toHaveCount(0);
  // the buyer made rep A1's (as a console edit would), then handed over
  const repA1 = (await server.pool.query<{ id: string }>("SELECT id FROM users WHERE login = 'rep-a1'")).rows[0]!.id;
  const repA2 = (await server.pool.query<{ id: string }>("SELECT id FROM users WHERE login = 'rep-a2'")).rows[0]!.id;
  const buyer = `p:${BUYER.split('@')[0]}`;
  await applyBatch(server.pool, ArchiveBatch.parse([{ op: 'customer', customerId: buyer, at: Date.now() - 1000, by: repA1, ownerId: repA1 }]));
  await a1.getByTestId('handover-customers').click();
  await page.getByTestId('handover-to').selectOption({ label: 'rep-a2 · A' });
  await expect(page.getByTestId('handover-customers-plan')).toContainText(/1/);
  await page.getByTestId('handover-confirm').click();
  await expect(page.getByTestId('handover-dialog')).toHaveCount(0);
  await expect.poll(async () => (await server.pool.query<{ owner_id: string }>('SELECT owner_id FROM customers WHERE id = $1', [buyer])).rows[0]?.owner_id)
    .toBe(repA2);

  // 分屏: tiles of the team's accounts, each following its most recent chat as messages arrive
  await page.getByTestId('nav-live').click();
  await page.getByTestId('mode-1x2').click();
  await page.getByTestId('choose-accounts').click();
  for (const label of ['销售 A1', '销售 A2']) await page.locator('.chooser label', { hasText: label }).locator('input').check();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('archive-tile')).toHaveCount(2);
  const tileA2 = page.locator('[data-testid="tile"]', { hasText: '销售 A2' });
  await expect(tileA2.getByTestId('tile-message')).toHaveCount(1);
  // with the translation the rep's PC stored, under the original
  await expect(tileA2.locator('.archive-tile-translation')).toHaveText('【译】bison samples 样品');
  await push('rep-a2', { id: 'live-2', body: 'Muestras enviadas 样品已寄出' });
  await expect(tileA2.getByTestId('tile-message')).toHaveCount(2);
  await expect(tileA2).toContainText('Muestras enviadas 样品已寄出');
  // a tile can stay on a chat: pinned, it does not jump to a newer chat of its account
  const tileA1 = page.locator('[data-testid="tile"]', { hasText: '销售 A1' });
  await tileA1.getByTestId('tile-follow').selectOption(BUYER);
  await push('rep-a1', { id: 'other-chat-1', body: 'Otro comprador: ¿catálogo?', chatId: '34600000002@c.us' });
  await expect(tileA1.getByTestId('tile-follow').locator('option')).toHaveCount(3);
  await expect(tileA1).toContainText('Necesito la proforma hoy');
  await expect(tileA1).not.toContainText('Otro comprador');
  await tileA1.getByTestId('tile-follow').selectOption('');
  await expect(tileA1).toContainText('Otro comprador: ¿catálogo?');

  // a tile is read-only: no live view, no review lock, no translator composer here
  await expect(page.getByTestId('slot')).toHaveCount(0);
  await expect(page.getByTestId('toggle-review')).toHaveCount(0);
  // nothing the console showed asked the server for what it cannot do
  await expect(page.locator('[data-testid="toast"].toast-error')).toHaveCount(0);

  // customers across the team: the buyer both reps of team A talk to is one customer; the lead sets its stage
  await page.getByTestId('nav-customers').click();
  // (and the other buyer who wrote to rep A1 meanwhile)
  await expect(page.getByTestId('customer-item')).toHaveCount(2);
  await page.getByTestId('customer-item').filter({ hasText: '34600000001' }).click();
  await page.getByTestId('stage-quote').click();
  await expect(page.getByTestId('stage-quote')).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(async () => (await server.pool.query(`SELECT stage FROM customers WHERE id = 'p:34600000001'`)).rows[0]?.stage).toBe('quote');

  // an owner rep A1 made on their PC: the console's owner field names them (it lists team users only)
  const pc = devices.get('rep-a1')!;
  pc.seq += 1;
  await ingestPush(server.pool, pc.deviceId, [{ seq: pc.seq, now: Date.now(), ops: ArchiveBatch.parse([
    { op: 'upsertPerson', personId: 'pc-zhao', name: '赵六', role: 'rep' },
    { op: 'customer', customerId: 'p:34600000001', at: Date.now(), by: 'pc-zhao', ownerId: 'pc-zhao' },
  ] satisfies ArchiveOpInput[]) }]);
  await page.getByTestId('nav-inbox').click();
  await page.getByTestId('nav-customers').click();
  await page.getByTestId('customer-item').filter({ hasText: '34600000001' }).click();
  await expect(page.getByTestId('field-owner')).toHaveValue('pc-zhao');
  await expect(page.getByTestId('field-owner').locator('option:checked')).toHaveText('赵六');

  // the team's inbox narrowed to chats whose customer is at the quote stage
  await page.getByTestId('nav-inbox').click();
  await expect(page.getByTestId('chat-item')).toHaveCount(3);
  await page.getByTestId('filter-stage').click();
  await page.getByRole('menuitemcheckbox', { name: '报价' }).click();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('chat-item')).toHaveCount(2);
  await expect(page.getByTestId('chat-list')).not.toContainText('34600000002');

  // no adding accounts, no local notifications here
  await expect(page.getByTestId('add-account')).toHaveCount(0);
  await expect(page.getByTestId('nav-notifications')).toHaveCount(0);

  // search across the team, in Spanish and in Chinese; a colleague's chats outside the team are not found
  await page.keyboard.press('Control+k');
  await page.getByTestId('search-input').fill('precio');
  await expect(page.getByTestId('search-hit')).toHaveCount(1);
  await expect(page.getByTestId('search-hit')).toContainText('alpaca');
  await page.getByTestId('search-input').fill('订单');
  await expect(page.getByTestId('search-empty')).toBeVisible();
  await page.getByTestId('search-input').fill('样品');
  // the sample mention and the live message about samples sent, newest first
  await expect(page.getByTestId('search-hit')).toHaveCount(2);
  await expect(page.getByTestId('search-hit').first()).toContainText('样品已寄出');
  // jump to the message in its chat
  await page.getByTestId('search-hit').filter({ hasText: 'bison' }).click();
  await expect(page.getByTestId('thread')).toContainText('bison samples 样品');
  await expect(page.getByTestId('thread-title')).toBeVisible();

  // the person's language is kept on the server
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('lang-en').click();
  // switched once the server stored it; then it holds across a reload
  await expect(page.getByTestId('nav-settings')).toHaveAttribute('title', 'Settings');
  await page.reload();
  await expect(page.getByTestId('nav-settings')).toHaveAttribute('title', 'Settings');

  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('sign-in')).toBeVisible();
  expect(errors).toEqual([]);
  await context.close();
});

test('a rep sees only their own account; a signed-out browser sees only the sign-in page', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(server.url);
  await expect(page.getByRole('heading', { name: 'Switchboard team console' })).toBeVisible();
  await signIn(page, 'rep-b1');
  await expect(page.getByTestId('account-item')).toHaveCount(1);
  await expect(page.getByTestId('account-rail')).toContainText('销售 B1');
  // another rep's chat asked for by hand: nothing
  const answer = await page.evaluate(async (chat) => {
    const res = await fetch('/api/v1/call/archive.threadSlice', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...chat, limit: 10 }) });
    return res.json() as Promise<unknown>;
  }, { accountId: REPS[0]!.number, chatId: BUYER });
  expect(answer).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  await context.close();
});
