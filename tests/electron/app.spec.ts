import { expect, test } from '@playwright/test';
import type { SwitchboardBridge } from '../../src/shared/bridge';
import type { OpenTarget } from '../../src/shared/account-views';
import { overlaps } from '../../src/main/policy/layout';
import { WaSim } from '../wa-sim/server';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addPairedAccount, electronBinary, invoke, launch, launchRaw, mainHooks, removeProfile, slotRects, type Running } from './harness';

/**
 * The real Electron app against the WhatsApp Web simulator (ARCHITECTURE §7). Everything on
 * our side is real: the views, partitions, preloads, IPC router, Core, capture, archive.
 */

const bin = electronBinary();
// Why a skip: these need the Electron binary, which cannot be downloaded on every machine
// (this repository's CI among them). `npm test` does not include this suite; where the
// binary exists every test runs, and the reason is printed when it does not.
test.skip('missing' in bin, `Skipped: ${'missing' in bin ? bin.missing : ''}. These tests run where Electron can be installed (npm run test:electron).`);

type Bridge = { switchboard: SwitchboardBridge; __opened?: OpenTarget[] };

let sim: WaSim;
let running: Running | null = null;
const profiles: string[] = [];

test.beforeEach(async () => {
  sim = await WaSim.start();
});

test.afterEach(async () => {
  await running?.close();
  running = null;
  await sim.close();
  for (const p of profiles.splice(0)) removeProfile(p);
});

async function start(env?: Record<string, string>, userData?: string): Promise<Running> {
  running = await launch({ sim, ...(env ? { env } : {}), ...(userData ? { userData } : {}) });
  if (!profiles.includes(running.userData)) profiles.push(running.userData);
  return running;
}

test('launches sandboxed: the renderer sees only the bridge, the app answers through it', async () => {
  const r = await start();
  expect(await r.window.title()).toMatch(/Switchboard/);
  const exposed = await r.window.evaluate(() => {
    const g = globalThis as unknown as Record<string, unknown> & Bridge;
    return { keys: Object.keys(g.switchboard).sort(), node: typeof g['process'] + typeof g['require'] };
  });
  expect(exposed).toEqual({ keys: ['invoke', 'mediaUrl', 'on'], node: 'undefinedundefined' });
  const info = await invoke(r.window, 'app.info', {});
  expect(info.liveAccounts).toBe(true);
  expect(await mainHooks.present(r.app)).toBe(true);
});

test('add an account against the simulator, pair it, and a message is archived', async () => {
  const r = await start();
  const { accountId, phoneId } = await addPairedAccount(r, sim, 'Sales 1');
  const phone = sim.phone(phoneId);
  const maria = phone.addContact({ name: 'Maria', pn: '5215512345678' });
  const chat = phone.addDirectChat(maria.id);
  phone.deliver(chat.id, { body: 'Hola, ¿el precio FOB de 2000 unidades?' });
  await expect
    .poll(async () => (await invoke(r.window, 'search.query', { query: 'FOB', accountIds: [accountId] })).hits.map((h) => h.message.chatId))
    .toContain(chat.id);
});

test('capture runs over the view\'s own debugger: DevTools opened on an account cuts it, capture attaches again and archives on', async () => {
  const r = await start();
  const { accountId, phoneId } = await addPairedAccount(r, sim, 'Inspected');
  const view = (await mainHooks.views(r.app)).find((v) => v.accountId === accountId)!;
  expect(await r.app.evaluate(({ webContents }, id) => webContents.fromId(id)!.debugger.isAttached(), view.webContentsId)).toBe(true);
  const resumes = sim.stats.helloResume;
  // Electron ends our debugger session when DevTools opens on the view
  await r.app.evaluate(({ webContents }, id) => webContents.fromId(id)!.openDevTools({ mode: 'detach' }), view.webContentsId);
  // the supervisor sees the page go, reloads it and attaches again (a resumed session, no QR)
  await expect.poll(() => sim.stats.helloResume).toBeGreaterThan(resumes);
  await expect.poll(async () => (await invoke(r.window, 'accounts.status', { accountId }))?.state).toBe('live');
  expect(sim.pendingQrs()).toEqual([]);
  const phone = sim.phone(phoneId);
  const buyer = phone.addContact({ name: 'Inspector', pn: '5215511112222' });
  const chat = phone.addDirectChat(buyer.id);
  phone.deliver(chat.id, { body: 'archived after DevTools opened' });
  await expect
    .poll(async () => (await invoke(r.window, 'search.query', { query: 'DevTools', accountIds: [accountId] })).hits.map((h) => h.message.chatId))
    .toContain(chat.id);
});

test('tiles: two accounts in 1×2 are placed where the renderer draws their slots, without overlap', async () => {
  const r = await start();
  const a = await addPairedAccount(r, sim, 'Tile A');
  const b = await addPairedAccount(r, sim, 'Tile B');
  await r.window.getByTestId('nav-live').click();
  await invoke(r.window, 'layout.set', { mode: '1x2', accountIds: [a.accountId, b.accountId], colSizes: [], rowSizes: [], blur: false, review: false });
  await expect.poll(async () => (await mainHooks.plan(r.app)).visible.length).toBe(2);
  const plan = await mainHooks.plan(r.app);
  const [p, q] = plan.visible;
  expect(overlaps(p!.bounds, q!.bounds)).toBe(false);
  // Each view sits on its slot element (CSS px × zoom, rounded edges).
  const slots = await slotRects(r.window);
  for (const placed of plan.visible) {
    const slot = slots.find((s) => s.accountId === placed.accountId)!;
    expect(Math.abs(placed.bounds.x - slot.rect.x)).toBeLessThanOrEqual(1);
    expect(Math.abs(placed.bounds.width - slot.rect.width)).toBeLessThanOrEqual(1);
  }
  const views = await mainHooks.views(r.app);
  expect(views.filter((v) => v.visible).map((v) => v.accountId).sort()).toEqual([a.accountId, b.accountId].sort());
  // Leaving the live screen hides every view (the renderer reports no slots).
  await r.window.getByTestId('nav-inbox').click();
  await expect.poll(async () => (await mainHooks.views(r.app)).filter((v) => v.visible).length).toBe(0);
});

test('a notification click opens the right account and chat', async () => {
  const r = await start();
  const { accountId, phoneId } = await addPairedAccount(r, sim, 'Notify');
  await r.window.evaluate(() => {
    const g = globalThis as unknown as Bridge;
    g.__opened = [];
    g.switchboard.on('app.open', (t) => g.__opened!.push(t));
  });
  const phone = sim.phone(phoneId);
  const chen = phone.addContact({ name: 'Chen', pn: '8613800138000' });
  const chat = phone.addDirectChat(chen.id);
  phone.deliver(chat.id, { body: '请报价 · quote please' });
  // The account is not on screen (inbox), so capture's message becomes a native notification.
  await expect.poll(async () => (await mainHooks.notificationsShown(r.app)).map((n) => n.target.chatId)).toContain(chat.id);
  const shown = (await mainHooks.notificationsShown(r.app)).find((n) => n.target.chatId === chat.id)!;
  expect(shown.target.accountId).toBe(accountId);
  await mainHooks.clickNotification(r.app, shown.target);
  await expect
    .poll(() => r.window.evaluate(() => (globalThis as unknown as Bridge).__opened ?? []))
    .toContainEqual({ accountId, chatId: chat.id, messageId: shown.target.messageId });
});

test('hibernate frees the view and wake restores it with the login kept (no new QR)', async () => {
  const r = await start();
  const { accountId } = await addPairedAccount(r, sim, 'Sleeper');
  const before = (await mainHooks.views(r.app)).find((v) => v.accountId === accountId)!;
  await invoke(r.window, 'accounts.hibernate', { accountId });
  await expect.poll(async () => (await mainHooks.views(r.app)).some((v) => v.accountId === accountId)).toBe(false);
  expect((await invoke(r.window, 'accounts.status', { accountId }))?.state).toBe('hibernated');
  await invoke(r.window, 'accounts.wake', { accountId });
  await expect.poll(async () => (await invoke(r.window, 'accounts.status', { accountId }))?.state).toBe('live');
  expect(sim.pendingQrs()).toEqual([]);
  const after = (await mainHooks.views(r.app)).find((v) => v.accountId === accountId)!;
  expect(after.webContentsId).not.toBe(before.webContentsId);
  expect(after.partition).toBe(before.partition);
  expect(after.storagePath).toBe(before.storagePath);
});

test('N accounts get N distinct partitions and cookie stores', async () => {
  const r = await start();
  const ids = [];
  for (const label of ['One', 'Two', 'Three']) ids.push((await addPairedAccount(r, sim, label)).accountId);
  const views = await mainHooks.views(r.app);
  expect(new Set(views.map((v) => v.partition)).size).toBe(3);
  expect(new Set(views.map((v) => v.storagePath)).size).toBe(3);
  // A cookie set by one account's page is invisible to the others.
  for (const v of views) {
    await r.app.evaluate(({ webContents }, [id, value]) => webContents.fromId(id as number)!.executeJavaScript(`document.cookie = "sb_probe=${value}; path=/"`), [v.webContentsId, v.accountId] as const);
  }
  for (const id of ids) {
    const probes = (await mainHooks.cookies(r.app, id)).filter((c) => c.name === 'sb_probe').map((c) => c.value);
    expect(probes).toEqual([id]);
  }
});

test('a packaged build ignores test overrides: no hooks, real WhatsApp URL, simulator untouched', async () => {
  const r = await start({ SWITCHBOARD_FORCE_PACKAGED: '1' });
  expect(await mainHooks.present(r.app)).toBe(false);
  await invoke(r.window, 'accounts.add', { label: 'Packaged' });
  await expect
    .poll(() => r.app.evaluate(({ webContents }) => webContents.getAllWebContents().map((w) => w.getURL())))
    .toContainEqual(expect.stringMatching(/^https:\/\/web\.whatsapp\.com\//));
  const urls = await r.app.evaluate(({ webContents }) => webContents.getAllWebContents().map((w) => w.getURL()));
  expect(urls.some((u) => u.startsWith(sim.url))).toBe(false);
  expect(sim.stats.helloFresh + sim.stats.helloResume).toBe(0);
});

test('moving the data folder: the app quits after the verified copy and the next start runs from the new folder', async () => {
  const r = await start();
  await addPairedAccount(r, sim, 'Sales 1');
  const target = path.join(r.userData, '..', `${path.basename(r.userData)}-moved`);
  profiles.push(target);
  const closed = new Promise<void>((resolve) => r.app.once('close', () => resolve()));
  await invoke(r.window, 'settings.moveDataFolder', { target }).catch(() => undefined); // the window may go before the answer
  await closed;
  expect(existsSync(path.join(target, 'archive.db'))).toBe(true);
  running = null;
  const again = await start(undefined, r.userData);
  expect((await invoke(again.window, 'app.info', {})).dataFolder).toBe(target);
  expect(await invoke(again.window, 'accounts.list', {})).toHaveLength(1);
});

test('a moved data folder that is gone (unplugged drive) stops startup with a message, and no new archive is made', async () => {
  const userData = mkdtempSync(path.join(tmpdir(), 'sb-e2e-'));
  profiles.push(userData);
  const gone = path.join(userData, 'unplugged', 'Switchboard');
  writeFileSync(path.join(userData, 'profile-location.json'), JSON.stringify({ version: 1, profileDir: gone }));
  const app = await launchRaw({ sim, userData });
  try {
    const win = await app.firstWindow();
    await expect(win.locator('body')).toContainText('PROFILE_MISSING');
    expect(existsSync(gone)).toBe(false);
    expect(existsSync(path.join(userData, 'profile', 'archive.db'))).toBe(false);
  } finally {
    await app.close().catch(() => undefined);
  }
});
