import { rm } from 'node:fs/promises';
import path from 'node:path';
import puppeteer, { type Browser, type BrowserContext, type CDPSession, type Page } from 'puppeteer-core';
import { CHROMIUM_FLAGS, chromiumPath } from '../util/chromium';
import { sessionDebugger } from './cdp-session-debugger';
import { connectToPage } from './debugger-transport';
import type { AccountPage, AccountRef, PageHost } from './page-host';

/**
 * PageHost for tests, the CLI and headless capture: puppeteer-core driving Debian
 * Chromium (or a configured binary).
 *
 * - `profile` isolation (default): one Chromium per account with its own user-data-dir
 *   under `profilesDir/<partitionId>`; hibernate closes that browser and the login stays
 *   on disk, purge deletes the folder.
 * - `context` isolation (tests): one Chromium, a BrowserContext per account; storage lives
 *   in memory, so hibernate only closes the tab and purge drops the context.
 *
 * `reach` is how capture gets at the page: `browser` hands it the launched browser's own
 * connection; `page-debugger` gives it, as the desktop app does, only a page-level CDP
 * session per page through DebuggerTransport (ARCHITECTURE "Capture: how we reach the
 * page"). Navigating, reloading and closing stay with the host either way.
 */

export interface ChromiumPageHostOptions {
  /** https://web.whatsapp.com/ in production; the simulator's URL in tests and the demo. */
  waUrl: string;
  executablePath?: string;
  isolation?: 'profile' | 'context';
  /** Required for `profile` isolation. */
  profilesDir?: string;
  headless?: boolean;
  /** Chromium's sandbox cannot run as root; default: on unless we are root. */
  sandbox?: boolean;
  extraArgs?: string[];
  navigationTimeoutMs?: number;
  reach?: 'browser' | 'page-debugger';
  log?: (msg: string) => void;
}

interface Live {
  account: AccountRef;
  browser: Browser;
  context: BrowserContext | null;
  page: Page;
  /** reach 'page-debugger': capture's own connection to the page, and the session under it. */
  capture: { browser: Browser; page: Page; session: CDPSession } | null;
}

const SAFE_ID = /^[A-Za-z0-9._-]{1,128}$/;

export class ChromiumPageHost implements PageHost {
  private readonly live = new Map<string, Live>();
  private readonly opening = new Map<string, Promise<AccountPage>>();
  /** accountId → why capture lost a page that lives on (reach 'page-debugger'). */
  private readonly lost = new Map<string, string>();
  /** context isolation: the shared browser and each account's context (kept while hibernated). */
  private shared: Promise<Browser> | null = null;
  private readonly contexts = new Map<string, BrowserContext>();
  /** accountId → partitionId of every account opened, so purge works while hibernated. */
  private readonly partitions = new Map<string, string>();
  private closed = false;

  constructor(private readonly options: ChromiumPageHostOptions) {
    if ((options.isolation ?? 'profile') === 'profile' && !options.profilesDir) {
      throw new Error('ChromiumPageHost: profile isolation needs profilesDir (where each account keeps its login).');
    }
  }

  private get isolation(): 'profile' | 'context' {
    return this.options.isolation ?? 'profile';
  }

  private args(proxy: string | null): string[] {
    const sandbox = this.options.sandbox ?? process.getuid?.() !== 0;
    return [
      ...CHROMIUM_FLAGS,
      ...(sandbox ? [] : ['--no-sandbox']),
      ...(proxy ? [`--proxy-server=${proxy}`] : []),
      ...(this.options.extraArgs ?? []),
    ];
  }

  private launch(userDataDir: string | undefined, proxy: string | null): Promise<Browser> {
    return puppeteer.launch({
      executablePath: chromiumPath(this.options.executablePath),
      headless: this.options.headless ?? true,
      defaultViewport: null,
      // CDP over the child's stdio pipes: no DevTools port another local process could reach
      pipe: true,
      args: this.args(proxy),
      ...(userDataDir ? { userDataDir } : {}),
    });
  }

  profileDir(partitionId: string): string {
    if (!SAFE_ID.test(partitionId)) throw new Error(`Not a usable partition id: ${JSON.stringify(partitionId).slice(0, 80)}`);
    return path.join(this.options.profilesDir!, partitionId);
  }

  async open(account: AccountRef): Promise<AccountPage> {
    if (this.closed) throw new Error('The page host is closed.');
    const live = this.live.get(account.accountId);
    const reachable = live && this.reachable(live);
    if (reachable) return reachable;
    const pending = this.opening.get(account.accountId);
    if (pending) return pending;
    // a page whose capture connection was cut (page-debugger) is attached again, not reloaded
    const p = (live && this.hostAlive(live) ? this.attach(live) : this.openFresh(account)).finally(() => this.opening.delete(account.accountId));
    this.opening.set(account.accountId, p);
    return p;
  }

  private get reach(): 'browser' | 'page-debugger' {
    return this.options.reach ?? 'browser';
  }

  private hostAlive(live: Live): boolean {
    return !live.page.isClosed() && live.browser.connected;
  }

  /** What capture uses now, if it is still usable. */
  private reachable(live: Live): AccountPage | null {
    if (!this.hostAlive(live)) return null;
    const accountId = live.account.accountId;
    if (this.reach === 'browser') return { accountId, browser: live.browser, page: live.page };
    const c = live.capture;
    return c && c.browser.connected && !c.page.isClosed() ? { accountId, browser: c.browser, page: c.page } : null;
  }

  /** Gives capture its way in to the host's page (a fresh page-level session for page-debugger). */
  private async attach(live: Live): Promise<AccountPage> {
    const accountId = live.account.accountId;
    if (this.reach === 'browser') return { accountId, browser: live.browser, page: live.page };
    await this.release(live);
    this.lost.delete(accountId);
    const session = await live.page.createCDPSession();
    const { browser, page } = await connectToPage(sessionDebugger(session), (reason) => {
      this.lost.set(accountId, `Capture was detached from the page (${reason}).`);
      this.options.log?.(`account ${accountId}: capture was detached from its page (${reason}); it attaches again on the next open`);
    });
    live.capture = { browser, page, session };
    return { accountId, browser, page };
  }

  private async release(live: Live): Promise<void> {
    const c = live.capture;
    live.capture = null;
    await c?.browser.disconnect().catch(() => undefined);
  }

  lostBecause(accountId: string): string | null {
    return this.lost.get(accountId) ?? null;
  }

  /** The page-level session capture runs over (reach 'page-debugger'); tests cut it from outside. */
  captureSessionOf(accountId: string): CDPSession | null {
    return this.live.get(accountId)?.capture?.session ?? null;
  }

  private async openFresh(account: AccountRef): Promise<AccountPage> {
    await this.drop(account.accountId);
    this.partitions.set(account.accountId, account.partitionId);
    let browser: Browser;
    let context: BrowserContext | null = null;
    let page: Page;
    if (this.isolation === 'profile') {
      browser = await this.launch(this.profileDir(account.partitionId), account.proxy);
      page = (await browser.pages())[0] ?? (await browser.newPage());
    } else {
      this.shared ??= this.launch(undefined, null);
      browser = await this.shared;
      context = this.contexts.get(account.accountId) ?? null;
      if (!context) {
        context = await browser.createBrowserContext(account.proxy ? { proxyServer: account.proxy } : {});
        this.contexts.set(account.accountId, context);
      }
      page = await context.newPage();
    }
    // WhatsApp turns away HeadlessChrome; a plain Chrome user agent is what a person has
    const ua = (await browser.userAgent()).replace('HeadlessChrome', 'Chrome');
    await page.setUserAgent(ua);
    const live: Live = { account, browser, context, page, capture: null };
    this.live.set(account.accountId, live);
    try {
      await page.goto(this.options.waUrl, { waitUntil: 'load', timeout: this.options.navigationTimeoutMs ?? 60_000 });
    } catch (err) {
      await this.drop(account.accountId);
      throw new Error(`Could not load ${this.options.waUrl} for account ${account.accountId}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    return this.attach(live);
  }

  async reload(accountId: string): Promise<AccountPage> {
    const live = this.live.get(accountId);
    if (!live) throw new Error(`Account ${accountId} has no page to reload; open it first.`);
    const timeout = this.options.navigationTimeoutMs ?? 60_000;
    if (this.hostAlive(live)) {
      try {
        await this.release(live);
        await live.page.goto(this.options.waUrl, { waitUntil: 'load', timeout });
        return await this.attach(live);
      } catch {
        // a renderer that cannot even navigate is replaced below
      }
    }
    return this.openFresh(live.account);
  }

  /** The live page of an account, if it has one. */
  pageOf(accountId: string): Page | null {
    const live = this.live.get(accountId);
    return live && !live.page.isClosed() ? live.page : null;
  }

  private async drop(accountId: string): Promise<void> {
    const live = this.live.get(accountId);
    if (!live) return;
    this.live.delete(accountId);
    await this.release(live);
    if (this.isolation === 'profile') await live.browser.close().catch(() => undefined);
    else await live.page.close().catch(() => undefined);
  }

  async hibernate(accountId: string): Promise<void> {
    await this.opening.get(accountId)?.catch(() => undefined);
    await this.drop(accountId);
  }

  async purge(accountId: string): Promise<void> {
    const partitionId = this.partitions.get(accountId);
    await this.hibernate(accountId);
    this.partitions.delete(accountId);
    if (this.isolation === 'context') {
      const ctx = this.contexts.get(accountId);
      this.contexts.delete(accountId);
      await ctx?.close().catch(() => undefined);
      return;
    }
    if (partitionId) await rm(this.profileDir(partitionId), { recursive: true, force: true });
  }

  /** Deletes a profile folder by partition id (purge of an account that is not open). */
  async purgePartition(partitionId: string): Promise<void> {
    if (this.isolation === 'profile') await rm(this.profileDir(partitionId), { recursive: true, force: true });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.opening.values()].map((p) => p.catch(() => undefined)));
    await Promise.all([...this.live.keys()].map((id) => this.drop(id)));
    for (const ctx of this.contexts.values()) await ctx.close().catch(() => undefined);
    this.contexts.clear();
    if (this.shared) await (await this.shared.catch(() => null))?.close().catch(() => undefined);
    this.shared = null;
  }
}
