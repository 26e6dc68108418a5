import type { WebContents } from 'electron';
import { connectToPage } from '../../core/capture/debugger-transport';
import type { AccountPage, AccountRef, PageHost } from '../../core/capture/page-host';
import type { AccountSessions } from '../security/account-sessions';
import type { AccountViews } from './account-views';
import { attachDebugger } from './electron-debugger';

/** WhatsApp Web can take long to load on a slow line; a hung page must still end the attempt. */
const LOAD_TIMEOUT_MS = 90_000;

function within<T>(ms: number, p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export interface ElectronPageHostDeps {
  views: AccountViews;
  sessions: AccountSessions;
  waUrl: string;
  /** The stored partition id of an account that has no view now (purge after restart). */
  partitionIdOf: (accountId: string) => Promise<string | null>;
  log: (msg: string) => void;
}

/**
 * PageHost on Electron (ARCHITECTURE §2, "Capture: how we reach the page"): an account's
 * page is its WebContentsView; capture reaches it through that view's own
 * `webContents.debugger`, in process, wrapped as a puppeteer-core transport that shows
 * this one page and nothing else (no DevTools port). open() is also the reconnect: a
 * connection that was cut (DevTools opened on the view, a crash) is attached again.
 */
export class ElectronPageHost implements PageHost {
  readonly #pages = new Map<string, AccountPage>();
  readonly #opening = new Map<string, Promise<AccountPage>>();
  readonly #refs = new Map<string, AccountRef>();
  readonly #lost = new Map<string, string>();
  #closed = false;

  constructor(private readonly deps: ElectronPageHostDeps) {}

  open(ref: AccountRef): Promise<AccountPage> {
    if (this.#closed) return Promise.reject(new Error('The app is closing.'));
    const pending = this.#opening.get(ref.accountId);
    if (pending) return pending;
    const p = this.#open(ref).finally(() => this.#opening.delete(ref.accountId));
    this.#opening.set(ref.accountId, p);
    return p;
  }

  async #open(ref: AccountRef): Promise<AccountPage> {
    const live = this.#pages.get(ref.accountId);
    const view = this.deps.views.get(ref.accountId);
    if (live && view && live.browser.connected && !live.page.isClosed()) return live;
    if (live) await this.#disconnect(ref.accountId);

    const partition = await this.deps.sessions.prepare(ref);
    this.#refs.set(ref.accountId, ref);
    const wc = (view ?? this.deps.views.create(ref.accountId, partition, this.deps.waUrl)).webContents;
    if (wc.isCrashed()) await wc.loadURL(this.deps.waUrl).catch((err: unknown) => this.deps.log(`account ${ref.accountId}: reload after crash: ${String(err)}`));
    return this.#remember(ref.accountId, await this.#attach(ref.accountId, wc));
  }

  /** Loads the account's page again in the same view (crash, hang); the supervisor attaches anew. */
  reload(accountId: string): Promise<AccountPage> {
    if (this.#closed) return Promise.reject(new Error('The app is closing.'));
    const pending = this.#opening.get(accountId);
    if (pending) return pending;
    const p = this.#reload(accountId).finally(() => this.#opening.delete(accountId));
    this.#opening.set(accountId, p);
    return p;
  }

  async #reload(accountId: string): Promise<AccountPage> {
    const view = this.deps.views.get(accountId);
    if (!view || view.webContents.isDestroyed()) {
      // Nothing to reuse: a fresh view in the same partition (the login is kept).
      const ref = this.#refs.get(accountId);
      if (!ref) throw new Error(`Account ${accountId}: no page to reload.`);
      return this.#open(ref);
    }
    await this.#disconnect(accountId);
    const wc = view.webContents;
    // A failed load still leaves a document to attach to (or throws in #attach with the reason).
    await wc.loadURL(this.deps.waUrl).catch((err: unknown) => this.deps.log(`account ${accountId}: reload: ${String(err)}`));
    return this.#remember(accountId, await this.#attach(accountId, wc));
  }

  #remember(accountId: string, page: AccountPage): AccountPage {
    this.#pages.set(accountId, page);
    page.browser.once('disconnected', () => {
      if (this.#pages.get(accountId) === page) this.#pages.delete(accountId);
    });
    return page;
  }

  async #attach(accountId: string, wc: WebContents): Promise<AccountPage> {
    // executeJavaScript waits for the current load to finish
    await within(LOAD_TIMEOUT_MS, wc.executeJavaScript('true'), 'the page did not finish loading');
    if (wc.isDestroyed()) throw new Error(`Account ${accountId}: its view was closed while attaching.`);
    this.#lost.delete(accountId);
    const { browser, page } = await connectToPage(attachDebugger(wc.debugger), (reason) => {
      // the supervisor sees the page close and attaches again; the reason is only known here
      this.#lost.set(accountId, `Capture was detached from the page (${reason}).`);
      this.deps.log(`account ${accountId}: capture was detached from its page (${reason}); attaching again`);
    });
    return { accountId, browser, page };
  }

  lostBecause(accountId: string): string | null {
    return this.#lost.get(accountId) ?? null;
  }

  async #disconnect(accountId: string): Promise<void> {
    const page = this.#pages.get(accountId);
    this.#pages.delete(accountId);
    await page?.browser.disconnect().catch(() => undefined);
  }

  async hibernate(accountId: string): Promise<void> {
    await this.#disconnect(accountId);
    this.deps.views.destroy(accountId);
  }

  async purge(accountId: string): Promise<void> {
    await this.hibernate(accountId);
    const partitionId = this.#refs.get(accountId)?.partitionId ?? (await this.deps.partitionIdOf(accountId));
    if (!partitionId) throw new Error(`Account ${accountId}: unknown partition; nothing was deleted.`);
    await this.deps.sessions.purge(partitionId);
    this.deps.sessions.forget(accountId);
    this.#refs.delete(accountId);
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#pages.keys()].map((id) => this.#disconnect(id)));
    this.deps.views.destroyAll();
  }
}
