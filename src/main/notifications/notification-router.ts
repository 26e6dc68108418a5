import { Notification, type BrowserWindow, type IpcMain, type IpcMainEvent } from 'electron';
import type { Core } from '../../core/app';
import type { AccountState } from '../../shared/account-state';
import type { FollowUp } from '../../shared/crm-views';
import { ACCOUNT_VIEW_CHANNELS, PageNotificationSchema } from '../../shared/ipc-wire';
import { accountOfSender } from '../policy/ipc-sender';
import {
  decideCapturedNotification,
  decideFollowUpNotification,
  decidePageNotification,
  PageNotificationIndex,
  type DoNotDisturb,
  type NotificationTarget,
  type NotifyDecision,
} from '../policy/notifications';
import { senderFacts } from '../ipc/sender';
import type { AccountViews } from '../views/account-views';

/** States in which capture is attached and announces every new message itself. */
const CAPTURING: ReadonlySet<AccountState> = new Set(['syncing', 'live']);

export interface NotificationRouterDeps {
  ipcMain: IpcMain;
  core: Core;
  window: () => BrowserWindow | null;
  views: AccountViews;
  accountOrigins: ReadonlySet<string>;
  dnd: () => DoNotDisturb;
  /** Blurred tiles also hide notification text. */
  blurred: () => boolean;
  log: (msg: string) => void;
  /** Test hooks observe what was shown. */
  onShown?: (decision: Extract<NotifyDecision, { show: true }>) => void;
}

/**
 * Native notifications and where their clicks go (policy/notifications.ts): from live
 * capture and from WhatsApp Web's own Notification (via the account preload); a click
 * brings the window up, asks the renderer to show that chat, and runs WhatsApp's own
 * notification handler in the live view so the chat opens there too.
 */
export class NotificationRouter {
  readonly #index = new PageNotificationIndex();
  readonly #states = new Map<string, AccountState>();
  readonly #labels = new Map<string, string>();
  /** Electron drops click handlers of notifications that were garbage-collected (Windows). */
  readonly #live = new Set<Notification>();
  readonly #offs: Array<() => void> = [];

  constructor(private readonly deps: NotificationRouterDeps) {
    const { core, ipcMain } = deps;
    this.#offs.push(
      core.on('account.state', (e) => this.#states.set(e.accountId, e.state)),
      core.on('accounts.changed', () => void this.refreshLabels()),
      core.on('message.captured', (e) => {
        if (!e.notification) return;
        this.#show(decideCapturedNotification(e.notification, this.#context(e.accountId)), null);
      }),
      core.on('crm.followUpsDue', (due) => this.#followUps(due)),
    );
    const onPage = (event: IpcMainEvent, payload: unknown) => this.#fromPage(event, payload);
    ipcMain.on(ACCOUNT_VIEW_CHANNELS.notify, onPage);
    this.#offs.push(() => ipcMain.removeListener(ACCOUNT_VIEW_CHANNELS.notify, onPage));
    void this.refreshLabels();
  }

  async refreshLabels(): Promise<void> {
    try {
      for (const a of await this.deps.core.call('accounts.list', {})) {
        this.#labels.set(a.id, a.label);
        this.#states.set(a.id, a.state);
      }
    } catch (err) {
      this.deps.log(`notification labels not refreshed: ${String(err)}`);
    }
  }

  labelOf(accountId: string): string {
    return this.#labels.get(accountId) ?? accountId;
  }

  /** The account's view was destroyed: its WhatsApp notification ids are void. */
  forgetAccount(accountId: string): void {
    this.#index.forgetAccount(accountId);
  }

  dispose(): void {
    this.#offs.forEach((off) => off());
    for (const n of this.#live) n.close();
    this.#live.clear();
  }

  /** `accountId` null: a notification about no particular account (a reminder). */
  #context(accountId: string | null) {
    const settings = this.deps.core.settings();
    const win = this.deps.window();
    return {
      dnd: this.deps.dnd(),
      enabled: settings.notifications.enabled,
      now: Date.now(),
      accountOnScreen: accountId !== null && !!win && win.isFocused() && this.deps.views.isVisible(accountId),
      privacy: !settings.notifications.preview || this.deps.blurred(),
    };
  }

  #fromPage(event: IpcMainEvent, payload: unknown): void {
    const who = accountOfSender(senderFacts(event), (id) => this.deps.views.accountOf(id), this.deps.accountOrigins);
    if (!who.ok) {
      this.deps.log(`page notification refused: ${who.reason}`);
      return;
    }
    const parsed = PageNotificationSchema.safeParse(payload);
    if (!parsed.success) {
      this.deps.log(`page notification from ${who.accountId} malformed; dropped`);
      return;
    }
    const n = parsed.data;
    this.#index.remember(who.accountId, n);
    const state = this.#states.get(who.accountId);
    const decision = decidePageNotification(
      n,
      { accountId: who.accountId, label: this.#labels.get(who.accountId) ?? who.accountId, captureLive: !!state && CAPTURING.has(state) },
      this.#context(who.accountId),
    );
    this.#show(decision, n.id);
  }

  /** Due reminders: a click brings the window up on that customer (or the list, for several). */
  #followUps(due: FollowUp[]): void {
    const { enabled, dnd, now, privacy } = this.#context(null);
    const decision = decideFollowUpNotification(due, { enabled, dnd, now, privacy });
    if (!decision.show || !Notification.isSupported()) return;
    const n = new Notification({ title: decision.title, body: decision.body });
    this.#live.add(n);
    n.on('click', () => {
      this.#raiseWindow();
      this.deps.core.requestOpenCustomer(decision.customerId);
    });
    n.on('close', () => this.#live.delete(n));
    n.on('failed', () => this.#live.delete(n));
    n.show();
  }

  #raiseWindow(): void {
    const win = this.deps.window();
    if (win && !win.isDestroyed()) {
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
    }
  }

  #show(decision: NotifyDecision, pageNotificationId: number | null): void {
    if (!decision.show) return;
    this.deps.onShown?.(decision);
    if (!Notification.isSupported()) return;
    const n = new Notification({ title: decision.title, body: decision.body, silent: decision.silent });
    this.#live.add(n);
    n.on('click', () => this.open(decision.target, pageNotificationId));
    n.on('close', () => this.#live.delete(n));
    n.on('failed', () => this.#live.delete(n));
    n.show();
  }

  /** Where a notification click (or a test) leads: the window, the chat in the renderer, the chat in the view. */
  open(target: NotificationTarget, pageNotificationId: number | null): void {
    this.#raiseWindow();
    if (target.chatId) this.deps.core.requestOpen({ accountId: target.accountId, chatId: target.chatId, messageId: target.messageId });
    const id = pageNotificationId ?? (target.chatId ? this.#index.latest(target.accountId, target.chatId) : null);
    const view = this.deps.views.get(target.accountId);
    if (id !== null && view && !view.webContents.isDestroyed()) view.webContents.send(ACCOUNT_VIEW_CHANNELS.notificationClick, id);
  }
}
