import { WebContentsView, type BrowserWindow, type WebContents } from 'electron';
import type { ViewPlan } from '../policy/layout';
import { blockInReview } from '../policy/review-mode';
import { decideAccountNavigation, decideAccountWindowOpen } from '../policy/url-policy';
import { lockNavigation } from '../security/navigation';
import { attachContextMenu, type MenuLanguage } from './context-menu';
import { HARDENED_WEB_PREFERENCES } from '../security/web-preferences';

/** Blurred until the pointer is over the tile (privacy on shared screens). User origin: the page can't undo it. */
const BLUR_CSS = 'html:not(:hover) body { filter: blur(14px) !important; }';

export interface AccountViewOptions {
  window: BrowserWindow;
  accountOrigins: ReadonlySet<string>;
  preload: string;
  language: () => MenuLanguage;
  log: (msg: string) => void;
  /** Called once a view's webContents is gone (hibernated, removed, crashed and closed). */
  onGone: (accountId: string, webContentsId: number) => void;
  /** The set of live views changed: the layout must be planned again. */
  onChange: () => void;
  /** The user is working in this account (keeps it from idle hibernation). */
  onActivity: (accountId: string) => void;
}

interface Entry {
  accountId: string;
  partition: string;
  view: WebContentsView;
  blurKey: string | null;
}

/**
 * One WebContentsView per live account (ARCHITECTURE §6), each in its account's
 * partition, sandboxed, with the tiny account preload. Views are created hidden; the
 * layout plan shows and places them. Destroying a view frees its renderer process and
 * keeps its partition, so the login survives (hibernation).
 */
export class AccountViews {
  readonly #entries = new Map<string, Entry>();
  readonly #byWebContents = new Map<number, string>();
  #review = false;
  #blur = false;
  #visible = new Set<string>();

  constructor(private readonly opts: AccountViewOptions) {}

  get(accountId: string): WebContentsView | null {
    return this.#entries.get(accountId)?.view ?? null;
  }

  accountOf(webContentsId: number): string | null {
    return this.#byWebContents.get(webContentsId) ?? null;
  }

  liveAccounts(): string[] {
    return [...this.#entries.keys()];
  }

  isVisible(accountId: string): boolean {
    return this.#visible.has(accountId);
  }

  partitionOf(accountId: string): string | null {
    return this.#entries.get(accountId)?.partition ?? null;
  }

  /** Creates the account's view (hidden) and starts loading `url`. Returns the existing one if live. */
  create(accountId: string, partition: string, url: string): WebContentsView {
    const existing = this.#entries.get(accountId);
    if (existing) return existing.view;
    const view = new WebContentsView({
      webPreferences: {
        ...HARDENED_WEB_PREFERENCES,
        partition,
        preload: this.opts.preload,
        spellcheck: true,
        // Capture runs in this page: a hidden tile must keep processing messages at full speed.
        backgroundThrottling: false,
        // DevTools stay enabled: capture attaches over the DevTools protocol. Packaged builds
        // have no menu entry or shortcut that opens them (src/main/app-menu.ts).
      },
    });
    view.setVisible(false);
    view.setBackgroundColor('#ffffff');
    const wc = view.webContents;
    const entry: Entry = { accountId, partition, view, blurKey: null };
    this.#entries.set(accountId, entry);
    this.#byWebContents.set(wc.id, accountId);
    this.#harden(entry, wc);
    this.opts.window.contentView.addChildView(view);
    void wc.loadURL(url).catch((err: unknown) => this.opts.log(`account ${accountId}: load failed: ${String(err)}`));
    this.opts.onChange();
    return view;
  }

  /** Frees the renderer (hibernation, removal); the partition and its login stay on disk. */
  destroy(accountId: string): void {
    const entry = this.#entries.get(accountId);
    if (!entry) return;
    this.#entries.delete(accountId);
    this.#visible.delete(accountId);
    const wc = entry.view.webContents;
    this.#byWebContents.delete(wc.id);
    if (!this.opts.window.isDestroyed()) this.opts.window.contentView.removeChildView(entry.view);
    if (!wc.isDestroyed()) wc.close();
    this.opts.onChange();
  }

  destroyAll(): void {
    for (const id of [...this.#entries.keys()]) this.destroy(id);
  }

  /** Shows and places the views of the plan; hides every other live view. */
  apply(plan: ViewPlan): void {
    const shown = new Set<string>();
    for (const p of plan.visible) {
      const entry = this.#entries.get(p.accountId);
      if (!entry) continue;
      entry.view.setBounds(p.bounds);
      entry.view.setVisible(true);
      shown.add(p.accountId);
    }
    for (const [id, entry] of this.#entries) if (!shown.has(id)) entry.view.setVisible(false);
    this.#visible = shown;
  }

  setReview(on: boolean): void {
    this.#review = on;
  }

  setBlur(on: boolean): void {
    if (this.#blur === on) return;
    this.#blur = on;
    for (const entry of this.#entries.values()) void this.#applyBlur(entry);
  }

  #harden(entry: Entry, wc: WebContents): void {
    const { accountOrigins, log } = this.opts;
    lockNavigation(
      wc,
      { navigate: (url) => decideAccountNavigation(url, accountOrigins), open: (url) => decideAccountWindowOpen(url, accountOrigins) },
      (m) => log(`account ${entry.accountId}: ${m}`),
    );
    let lastActivity = 0;
    const active = () => {
      // Input events come in bursts; the supervisor only needs to know "recently".
      const now = Date.now();
      if (now - lastActivity < 10_000) return;
      lastActivity = now;
      this.opts.onActivity(entry.accountId);
    };
    wc.on('before-input-event', (event, input) => {
      if (blockInReview(input, this.#review)) event.preventDefault();
      else active();
    });
    wc.on('focus', active);
    // WhatsApp asks "leave site?" on unload; hibernation and quitting must not wait on it.
    wc.on('will-prevent-unload', (event) => event.preventDefault());
    wc.on('dom-ready', () => {
      entry.blurKey = null;
      void this.#applyBlur(entry);
    });
    wc.on('render-process-gone', (_e, details) => log(`account ${entry.accountId}: renderer gone (${details.reason})`));
    wc.once('destroyed', () => {
      this.#byWebContents.delete(wc.id);
      if (this.#entries.get(entry.accountId)?.view === entry.view) {
        this.#entries.delete(entry.accountId);
        this.#visible.delete(entry.accountId);
      }
      this.opts.onGone(entry.accountId, wc.id);
      this.opts.onChange();
    });
    attachContextMenu(wc, { reviewMode: () => this.#review, language: this.opts.language });
  }

  async #applyBlur(entry: Entry): Promise<void> {
    const wc = entry.view.webContents;
    if (wc.isDestroyed()) return;
    if (this.#blur && !entry.blurKey) {
      entry.blurKey = await wc.insertCSS(BLUR_CSS, { cssOrigin: 'user' });
    } else if (!this.#blur && entry.blurKey) {
      const key = entry.blurKey;
      entry.blurKey = null;
      await wc.removeInsertedCSS(key);
    }
  }
}
