import type { Browser, Page } from 'puppeteer-core';

/** What a host needs to give an account its own, isolated page (ARCHITECTURE §2). */
export interface AccountRef {
  accountId: string;
  /** Storage partition / profile id; the login lives there. */
  partitionId: string;
  /** One stable, admin-configured proxy (`http://host:port`, `socks5://…`), or null. */
  proxy: string | null;
}

/** A live page for one account, loaded at the WA URL, plus the browser it belongs to. */
export interface AccountPage {
  accountId: string;
  browser: Browser;
  page: Page;
}

/**
 * The seam that makes capture testable: Electron views in the app (src/main
 * ElectronPageHost), puppeteer-launched Chromium in tests, CLI and demo
 * (ChromiumPageHost). Capture never creates or closes browsers itself.
 */
export interface PageHost {
  /** Isolated page for this account, loaded at the WA URL. Reuses a live page if there is one. */
  open(account: AccountRef): Promise<AccountPage>;
  /**
   * Load the account's page at the WA URL again (after a crash or a hang); if that page
   * cannot be reused, replace it with a fresh one. The storage (login) is kept. Optional:
   * without it the supervisor closes the page (hibernate) and opens a new one.
   */
  reload?(accountId: string): Promise<AccountPage>;
  /**
   * Why capture lost the account's page when its Page emitted 'close' though the page lives
   * on (a debugger cut from outside, e.g. DevTools opened on it); null when it really closed.
   */
  lostBecause?(accountId: string): string | null;
  /** Free the renderer, keep storage (the login survives). */
  hibernate(accountId: string): Promise<void>;
  /** Delete the account's storage (account removed by an admin). */
  purge(accountId: string): Promise<void>;
  /** Release everything the host owns. */
  close(): Promise<void>;
}
