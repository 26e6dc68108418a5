import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Supervisor } from '../../../src/core/accounts/supervisor';
import { type Core, createCore } from '../../../src/core/app';
import type { Archive } from '../../../src/core/archive/archive';
import type { ProfilePaths } from '../../../src/core/archive/profile';
import type { AccountPages } from '../../../src/core/capture/composer-adapter';
import type { PickPurpose } from '../../../src/shared/contract';
import type { SlotRect } from '../../../src/shared/layout';
import { bindBridge } from './bridge';
import { openCopy, openEmpty } from './profile';
import { RENDERER_DIR, serveRenderer } from './server';

export interface AppHarness {
  page: Page;
  core: Core;
  /** The same archive Core owns; tests write real operations into it. */
  archive: Archive;
  origin: string;
  /** Console errors and page errors seen so far (the fixture fails the test on any). */
  errors: string[];
  /** Every channel the renderer invoked, in order (empty it to count from a point on). */
  calls: string[];
  /** Slot rectangles as main would receive them (the last layout.changed). */
  slots(): SlotRect[];
  /** Loads the app and waits until `ready` (default: the first account in the rail) is visible. */
  open(ready?: Locator): Promise<void>;
}

export interface OpenOptions {
  /** `empty`: a first start, no accounts; default: a copy of the seeded team archive. */
  profile?: 'seeded' | 'empty';
  /** The real account supervisor; without it the window is archive-only. */
  supervisor?: (archive: Archive, paths: ProfilePaths) => Promise<Supervisor>;
  /** Stands in for the operating system's file dialog (main uses Electron's). */
  pickPath?: (purpose: PickPurpose) => Promise<string | null>;
  /** Stands in for main's restart from a moved data folder. */
  relocateProfile?: (dir: string) => Promise<void>;
}

/** The accounts' live pages as the harness has them: ChromiumPageHost tabs, driven over puppeteer (main uses the account views). */
function supervisorPages(supervisor: Supervisor): AccountPages {
  return {
    async evaluate(accountId, expression) {
      const page = supervisor.pageOf(accountId);
      return page ? { value: await page.evaluate(expression) } : null;
    },
  };
}

/** A real Core on a private copy of the seeded archive, bound into the page, renderer served over http. */
export async function startApp(page: Page, options: OpenOptions = {}): Promise<AppHarness & { close(): Promise<void> }> {
  const baseDir = process.env.SB_E2E_BASE_DIR;
  const keyHex = process.env.SB_E2E_BASE_KEY;
  if (!baseDir || !keyHex) throw new Error('The e2e global setup did not run (SB_E2E_BASE_DIR is unset).');
  const profile = options.profile === 'empty' ? await openEmpty() : await openCopy({ dir: baseDir, keyHex });
  let core: Core;
  try {
    const supervisor = options.supervisor ? await options.supervisor(profile.archive, profile.paths) : null;
    core = await createCore({
      archive: profile.archive, paths: profile.paths, supervisor, keys: profile.keys, version: 'e2e',
      ...(supervisor ? { accountPages: supervisorPages(supervisor) } : {}),
      ...(options.pickPath ? { pickPath: options.pickPath } : {}),
      ...(options.relocateProfile ? { relocateProfile: options.relocateProfile } : {}),
    });
  } catch (err) {
    await profile.archive.close();
    profile.remove();
    throw err;
  }
  const server = await serveRenderer(RENDERER_DIR, () => core);
  const calls: string[] = [];
  const unbind = await bindBridge(page, core, server.mediaOrigin, (channel) => calls.push(channel));
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.type()} ${d.message()}`);
    void d.dismiss();
  });
  let slots: SlotRect[] = [];
  core.on('layout.changed', (e) => {
    slots = e.slots;
  });
  return {
    page,
    core,
    archive: profile.archive,
    origin: server.origin,
    errors,
    calls,
    slots: () => slots,
    async open(ready) {
      await page.goto(server.origin);
      await expect(ready ?? page.getByTestId('account-item').first()).toBeVisible();
    },
    async close() {
      unbind();
      await page.close().catch(() => {});
      await server.close();
      await core.close();
      profile.remove();
    },
  };
}

async function finish(app: AppHarness & { close(): Promise<void> }): Promise<void> {
  const errors = [...app.errors];
  await app.close();
  expect(errors, 'console errors, page errors or dialogs during the test').toEqual([]);
}

export const test = base.extend<{
  app: AppHarness;
  /** Starts the app with options (a stand-in file dialog, restart…); closed and checked like `app`. */
  appWith: (options: OpenOptions) => Promise<AppHarness>;
  /** A temp folder, removed after the test. */
  tempFolder: string;
}>({
  app: async ({ page }, use) => {
    const app = await startApp(page);
    await use(app);
    await finish(app);
  },
  appWith: async ({ page }, use) => {
    const started: Array<AppHarness & { close(): Promise<void> }> = [];
    await use(async (options) => {
      const app = await startApp(page, options);
      started.push(app);
      return app;
    });
    for (const app of started) await finish(app);
  },
  tempFolder: async ({}, use) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sb-e2e-tmp-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
});

export { expect };

export { SHOTS_DIR } from './shot';
