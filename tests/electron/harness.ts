import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron, expect, type ElectronApplication, type Page } from '@playwright/test';
import { findElectronBinary } from '../../scripts/electron-binary.mjs';
import type { SwitchboardBridge } from '../../src/shared/bridge';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../src/shared/contract';
import type { TestHooks } from '../../src/main/test-hooks';
import type { WaSim } from '../wa-sim/server';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const MAIN = path.join(ROOT, 'out', 'main', 'index.js');

/** The Electron binary, or why these tests cannot run here. */
export function electronBinary(): { path: string } | { missing: string } {
  const found = findElectronBinary();
  if ('missing' in found) return found;
  if (!existsSync(MAIN)) return { missing: `the app is not built (${MAIN}); run: npx electron-vite build` };
  return found;
}

export interface Running {
  app: ElectronApplication;
  window: Page;
  userData: string;
  close(): Promise<void>;
}

/** Starts the app on a fresh (or given) profile folder, pointed at the simulator. */
/** Starts the app without waiting for the bridge (startup error pages have none). */
export async function launchRaw(opts: { sim: WaSim; userData: string; env?: Record<string, string> }): Promise<ElectronApplication> {
  const bin = electronBinary();
  if ('missing' in bin) throw new Error(bin.missing);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('SWITCHBOARD_')) env[k] = v;
  Object.assign(env, {
    SWITCHBOARD_USER_DATA: opts.userData,
    SWITCHBOARD_WA_URL: opts.sim.url,
    SWITCHBOARD_TEST_HOOKS: '1',
    ...opts.env,
  });
  return _electron.launch({ executablePath: bin.path, args: [ROOT], cwd: ROOT, env });
}

export async function launch(opts: { sim: WaSim; userData?: string; env?: Record<string, string> }): Promise<Running> {
  const userData = opts.userData ?? mkdtempSync(path.join(tmpdir(), 'sb-e2e-'));
  const app = await launchRaw({ ...opts, userData });
  const window = await app.firstWindow();
  await window.waitForFunction(() => typeof (globalThis as { switchboard?: unknown }).switchboard === 'object');
  return {
    app,
    window,
    userData,
    async close() {
      await app.evaluate(({ app: a }) => a.quit()).catch(() => undefined);
      await app.close().catch(() => undefined);
    },
  };
}

export function removeProfile(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A contract call through the real preload bridge, IPC router and Core; throws on an error result. */
export async function invoke<C extends ChannelName>(window: Page, channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const r = await window.evaluate(
    ([c, i]) => (globalThis as unknown as { switchboard: SwitchboardBridge }).switchboard.invoke(c as ChannelName, i as never),
    [channel, input] as const,
  );
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as ChannelOutput<C>;
}

type WithHooks = { __switchboardTest?: TestHooks };

/** Main's test hooks (present only in unpackaged runs with SWITCHBOARD_TEST_HOOKS). */
export const mainHooks = {
  present: (app: ElectronApplication) => app.evaluate(() => (globalThis as WithHooks).__switchboardTest !== undefined),
  views: (app: ElectronApplication) => app.evaluate(() => (globalThis as WithHooks).__switchboardTest!.views()),
  plan: (app: ElectronApplication) => app.evaluate(() => (globalThis as WithHooks).__switchboardTest!.plan()),
  cookies: (app: ElectronApplication, accountId: string) =>
    app.evaluate((_e, id) => (globalThis as WithHooks).__switchboardTest!.cookies(id), accountId),
  notificationsShown: (app: ElectronApplication) => app.evaluate(() => (globalThis as WithHooks).__switchboardTest!.notificationsShown()),
  clickNotification: (app: ElectronApplication, target: { accountId: string; chatId: string | null; messageId: string | null }) =>
    app.evaluate((_e, t) => (globalThis as WithHooks).__switchboardTest!.clickNotification(t), target),
};

/** Adds an account and pairs it with a new simulator phone by scanning the QR its page shows. */
export async function addPairedAccount(r: Running, sim: WaSim, label: string): Promise<{ accountId: string; phoneId: string }> {
  const before = new Set(sim.pendingQrs().map((q) => q.connId));
  const { accountId } = await invoke(r.window, 'accounts.add', { label });
  await expect.poll(() => sim.pendingQrs().filter((q) => !before.has(q.connId)).length).toBeGreaterThan(0);
  const qr = sim.pendingQrs().find((q) => !before.has(q.connId))!;
  const phone = sim.createPhone({ pushname: label });
  sim.scan(phone.id, qr.ref);
  await expect.poll(async () => (await invoke(r.window, 'accounts.status', { accountId }))?.state).toBe('live');
  return { accountId, phoneId: phone.id };
}

/** Where the renderer draws each live slot (CSS px), read from its DOM. */
export function slotRects(window: Page): Promise<Array<{ accountId: string; rect: { x: number; y: number; width: number; height: number } }>> {
  return window.evaluate(
    `[...document.querySelectorAll('[data-slot-account]')].map((el) => ({ accountId: el.getAttribute('data-slot-account'), rect: el.getBoundingClientRect().toJSON() }))`,
  );
}
