import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { Supervisor } from '../../src/core/accounts/supervisor';
import { type Core, createCore } from '../../src/core/app';
import { ChromiumPageHost } from '../../src/core/capture/chromium-page-host';
import { startLocalCluster, type LocalCluster } from '../../src/server/pg/local-cluster';
import { createEnrollmentCode } from '../../src/server/team/accounts';
import { createUser } from '../../src/server/team/users';
import { initTeamServer, type RunningTeamServer, startTeamServer } from '../../src/server/team-server';
import type { EventName, EventPayload } from '../../src/shared/contract';
import type { Phone } from '../wa-sim/phone';
import { seedWorld, type SeededWorld } from '../wa-sim/seed';
import { WaSim } from '../wa-sim/server';
import { openEmpty, type OpenedProfile } from './harness/profile';
import { RENDERER_DIR } from './harness/server';
import { shot } from './harness/shot';

/**
 * The team journey with nothing faked on our side: three reps' desktops are real Cores with
 * the real Supervisor capturing real whatsapp-web.js pages against the WhatsApp Web
 * simulator, replicating to a real team server on a real PostgreSQL; the lead works in the
 * console in a browser. A message sent to a rep's phone reaches the lead's tile, search finds
 * it, the account is handed to another rep whose desktop then holds its whole history, and
 * offboarding the first rep refuses their PC.
 */

test.describe.configure({ timeout: 300_000 });

const PASSWORD = 'correct horse battery';

/** Resolves with the first event that passes `test`. */
function next<E extends EventName>(core: Core, event: E, pass: (p: EventPayload<E>) => boolean = () => true): Promise<EventPayload<E>> {
  return new Promise((resolve) => {
    const off = core.on(event, (p) => {
      if (!pass(p)) return;
      off();
      resolve(p);
    });
  });
}

interface Desk { login: string; userId: string; core: Core; profile: OpenedProfile; phone: Phone | null; world: SeededWorld | null; accountId: string | null }

let sim: WaSim;
let host: ChromiumPageHost;
let cluster: LocalCluster;
let server: RunningTeamServer;
const dirs: string[] = [];
const desks: Desk[] = [];

async function desk(login: string, pushname: string | null): Promise<Desk> {
  const userId = await createUser(server.pool, { login, name: login, role: 'rep', team: 'A', password: PASSWORD }, 'test');
  const profile = await openEmpty();
  const supervisor = new Supervisor({ archive: profile.archive, pageHost: host, mediaDir: profile.paths.media, log: () => {},
    hibernation: { idleMs: null, sweepEveryMs: null } });
  await supervisor.ready();
  const core = await createCore({ archive: profile.archive, paths: profile.paths, supervisor, keys: profile.keys, version: 'e2e', teamTimings: { heartbeatMs: 300 } });
  const d: Desk = { login, userId, core, profile, phone: null, world: null, accountId: null };
  desks.push(d);
  await core.call('admin.setPassphrase', { current: null, next: 'admin pass' });
  const code = await createEnrollmentCode(server.pool, userId, 'test');
  await core.call('team.enroll', { serverUrl: server.url, code, fingerprint: null, deviceName: `${login}-pc`, passphrase: 'admin pass' });
  if (pushname) {
    d.phone = sim.createPhone({ pushname });
    d.world = seedWorld(d.phone, { messagesPerChat: 4, media: false });
    const qr = next(core, 'account.qr');
    d.accountId = (await core.call('accounts.add', { label: pushname })).accountId;
    sim.scan(d.phone.id, (await qr).qr);
    await next(core, 'account.state', (s) => s.accountId === d.accountId && s.state === 'live');
  }
  return d;
}

const serverCount = async (number: string) =>
  ((await server.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM messages WHERE account_id = $1', [number])).rows[0]?.n ?? 0);
const localCount = async (d: Desk) => (await d.core.call('archive.stats', {})).messages;

test.beforeAll(async () => {
  sim = await WaSim.start();
  host = new ChromiumPageHost({ waUrl: sim.url, isolation: 'context' });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sb-pg-'));
  dirs.push(dataDir);
  cluster = await startLocalCluster({ dataDir, settings: { fsync: 'off' } });
  await initTeamServer(cluster.url, { login: 'admin', name: 'Admin', password: PASSWORD });
  server = await startTeamServer({ databaseUrl: cluster.url, listen: { host: '127.0.0.1', port: 0 }, consoleDir: RENDERER_DIR });
  await createUser(server.pool, { login: 'lead', name: 'Lead', role: 'lead', team: 'A', password: PASSWORD }, 'test');
});

test.afterAll(async () => {
  for (const d of desks) {
    await d.core.close().catch(() => {});
    d.profile.remove();
  }
  await host?.close();
  await sim?.close();
  await server?.close();
  await cluster?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('lead: team overview of three reps → a buyer\'s message in the tile → search → hand over → the new rep\'s PC holds the history → offboard', async ({ page }) => {
  const [ana, bo, chen] = [await desk('ana', 'Ventas Ana'), await desk('bo', 'Sales Bo'), await desk('chen', '销售陈')];
  const idle = await desk('dai', null);
  const numberOf = async (d: Desk) => (await d.core.call('accounts.list', {})).find((a) => a.id === d.accountId)!.phone;
  for (const d of [ana, bo, chen]) {
    const phone = await numberOf(d);
    expect(phone).toBeTruthy();
  }

  await page.goto(server.url);
  await page.getByTestId('sign-in-login').fill('lead');
  await page.getByTestId('sign-in-password').fill(PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('nav-team').click();
  // the three reps' accounts, as their PCs report them (live)
  for (const d of [ana, bo, chen]) {
    const rep = page.locator(`[data-testid="overview-user"][data-login="${d.login}"]`);
    await expect(rep.getByTestId('overview-account')).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
    await expect(rep.getByTestId('overview-device')).toHaveAttribute('data-online', 'true');
  }
  await shot(page, 'team-overview', true);

  // 分屏: Ana's account in a tile; a buyer writes to her phone; it shows up in the lead's tile
  await page.getByTestId('nav-live').click();
  await page.getByTestId('mode-2x2').click();
  await page.getByTestId('choose-accounts').click();
  for (const label of ['Ventas Ana', 'Sales Bo', '销售陈']) await page.locator('.chooser label', { hasText: label }).locator('input').check();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('archive-tile')).toHaveCount(3);
  const buyer = ana.world!.direct[0]!;
  ana.phone!.deliver(buyer.id, { body: '¿Precio FOB para 800 unidades? 需要报价单' });
  const tile = page.locator('[data-testid="tile"]', { hasText: 'Ventas Ana' });
  await expect(tile).toContainText('¿Precio FOB para 800 unidades?', { timeout: 60_000 });
  await expect(page.locator('[data-testid="toast"].toast-error')).toHaveCount(0);
  await shot(page, 'team-tiles', true);

  // search across the team finds it, in Spanish and in Chinese
  for (const q of ['precio FOB', '报价单']) {
    await page.keyboard.press('Control+k');
    await page.getByTestId('search-input').fill(q);
    await expect(page.getByTestId('search-hit').filter({ hasText: '800 unidades' })).toHaveCount(1);
    await page.keyboard.press('Escape');
  }

  // hand Ana's account to Dai: Dai's PC brings it down with its whole history
  const anaNumber = `${await numberOf(ana)}@c.us`;
  await expect.poll(async () => (await ana.core.call('team.status', {})).replication.state, { timeout: 60_000 }).toBe('synced');
  const restored = next(idle.core, 'team.assignment', (a) => a.kind === 'restored');
  await page.getByTestId('nav-team').click();
  await page.locator('[data-testid="overview-user"][data-login="ana"]').getByTestId('handover-account').click();
  await page.getByTestId('handover-to').selectOption({ label: 'dai · A' });
  await expect(page.getByTestId('handover-plan')).toContainText('dai-pc');
  await shot(page, 'team-handover', true);
  await page.getByTestId('handover-confirm').click();
  expect(await restored).toEqual({ kind: 'restored', accountIds: [anaNumber] });
  const onServer = await serverCount(anaNumber);
  expect(onServer).toBeGreaterThan(10);
  const slice = await idle.core.call('archive.threadSlice', { accountId: anaNumber, chatId: buyer.id, limit: 500 });
  expect(slice.messages.map((m) => m.body)).toContain('¿Precio FOB para 800 unidades? 需要报价单');
  // the same history as on Ana's PC and on the server
  expect(await localCount(idle)).toBe(onServer);
  expect(await localCount(ana)).toBe(onServer);

  // offboard Ana: her PC is refused from now on
  const refused = next(ana.core, 'team.state', (s) => s.state === 'revoked');
  await page.locator('[data-testid="overview-user"][data-login="ana"]').getByTestId('offboard-user').click();
  await page.getByTestId('handover-to').selectOption({ label: 'dai · A' });
  await expect(page.getByTestId('handover-plan')).toContainText('ana-pc');
  await page.getByTestId('handover-confirm').click();
  await refused;
  // the report of what was done, to print for her file
  const report = page.getByTestId('offboard-report');
  await expect(report).toContainText('ana-pc');
  await expect(report).toContainText('dai');
  await page.evaluate(() => {
    window.print = () => { (window as unknown as { printed: boolean }).printed = true; };
  });
  await report.getByTestId('offboard-print').click();
  expect(await page.evaluate(() => (window as unknown as { printed?: boolean }).printed)).toBe(true);
  await report.getByRole('button', { name: /close|关闭/i }).first().click();
  await expect(page.locator('[data-testid="overview-user"][data-login="ana"]')).toHaveCount(0);
  // the other reps' PCs are untouched
  for (const d of [bo, chen]) expect((await d.core.call('team.status', {})).replication.state).not.toBe('revoked');
});
