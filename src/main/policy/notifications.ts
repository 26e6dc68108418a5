import type { NotificationItem } from '../../shared/account-views';
import type { FollowUp } from '../../shared/crm-views';
import { canonicalUserId, ID_SUFFIX } from '../../shared/vocabulary';

/**
 * Native notifications (ARCHITECTURE §8). Two sources announce a message:
 * - live capture (Core's `message.captured`, with exact account, chat and message ids), and
 * - WhatsApp Web itself, whose `Notification` the account preload replaces.
 * While capture is attached to an account it is the one source (no duplicates); WhatsApp's
 * notification is then only remembered, so a click can also run WhatsApp's own handler and
 * open the chat inside the live view. When capture is not attached, WhatsApp's
 * notifications are shown, routed by the chat id in their tag.
 */

export interface PageNotification {
  id: number;
  title: string;
  body: string;
  tag: string | null;
  silent: boolean;
}

export interface DoNotDisturb {
  enabled: boolean;
  /** Epoch ms when DND ends by itself; null = until turned off. */
  until: number | null;
}

export interface NotifyContext {
  dnd: DoNotDisturb;
  /** Settings → notifications.enabled. */
  enabled: boolean;
  now: number;
  /** The app window is focused and this account's view is on screen. */
  accountOnScreen: boolean;
  /** Previews off or tiles blurred: say that something arrived, not what. */
  privacy: boolean;
}

export interface NotificationTarget {
  accountId: string;
  chatId: string | null;
  messageId: string | null;
}

export type NotifyDecision =
  | { show: false; reason: 'dnd' | 'disabled' | 'on-screen' | 'captured' }
  | { show: true; title: string; body: string; silent: boolean; target: NotificationTarget };

const MAX_TITLE = 120;
const MAX_BODY = 240;
export const PRIVATE_BODY = '新消息 · New message';
export const MEDIA_BODY = '[媒体] · [Media]';

export function isDndActive(dnd: DoNotDisturb, now: number): boolean {
  return dnd.enabled && (dnd.until === null || now < dnd.until);
}

/** WhatsApp ids: phone/lid users, groups, broadcast lists, channels. */
// Tags look like `true_<chat>_<msg id>`: `_` is a word character, so no \b at the edges.
const SERVERS = Object.values(ID_SUFFIX).map((s) => s.slice(1).replace(/\./g, '\\.')).join('|');
const CHAT_ID = new RegExp(`(?<!\\d)(\\d{5,20}(?:-\\d{5,20})?@(?:${SERVERS}))(?![a-z.])`);

/** WhatsApp Web tags its notifications with text that contains the chat id; null if not found. */
export function chatIdFromTag(tag: string | null): string | null {
  if (!tag) return null;
  const m = CHAT_ID.exec(tag);
  if (!m) return null;
  return canonicalUserId(m[1]!);
}

function clip(text: string, max: number): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
}

function gate(ctx: NotifyContext): NotifyDecision | null {
  if (!ctx.enabled) return { show: false, reason: 'disabled' };
  if (isDndActive(ctx.dnd, ctx.now)) return { show: false, reason: 'dnd' };
  if (ctx.accountOnScreen) return { show: false, reason: 'on-screen' };
  return null;
}

/** A message archived by live capture (Core's notification item). */
export function decideCapturedNotification(item: NotificationItem, ctx: NotifyContext): NotifyDecision {
  const stop = gate(ctx);
  if (stop) return stop;
  const who = item.chatName ?? item.senderName ?? item.chatId.replace(/@.*$/, '');
  const body = ctx.privacy ? PRIVATE_BODY : item.preview === null ? MEDIA_BODY : clip(item.preview, MAX_BODY);
  return {
    show: true,
    title: clip(`${item.accountLabel} · ${who}`, MAX_TITLE),
    body,
    silent: false,
    target: { accountId: item.accountId, chatId: item.chatId, messageId: item.messageId },
  };
}

export const FOLLOW_UP_TITLE = '跟进提醒 · Follow-up due';

/**
 * Follow-up reminders that just fell due (Core's crm.followUpsDue). They are the rep's own
 * to-dos, so they show even while an account is on screen; do-not-disturb still holds.
 */
export function decideFollowUpNotification(
  due: readonly FollowUp[],
  ctx: Pick<NotifyContext, 'enabled' | 'dnd' | 'now' | 'privacy'>,
): { show: false; reason: 'none' | 'disabled' | 'dnd' } | { show: true; title: string; body: string; customerId: string | null } {
  const open = due.filter((f) => !f.done);
  if (open.length === 0) return { show: false, reason: 'none' };
  if (!ctx.enabled) return { show: false, reason: 'disabled' };
  if (isDndActive(ctx.dnd, ctx.now)) return { show: false, reason: 'dnd' };
  const [only] = open;
  const body = open.length === 1 && only?.text && !ctx.privacy
    ? clip(only.text, MAX_BODY)
    : `${open.length} 个跟进到期 · ${open.length} follow-up${open.length === 1 ? '' : 's'} due`;
  // a click opens the customer when every due reminder is about the same one
  const customers = new Set(open.map((f) => f.customerId));
  const customerId = customers.size === 1 ? (only?.customerId ?? null) : null;
  return { show: true, title: FOLLOW_UP_TITLE, body, customerId };
}

/** A notification WhatsApp Web created in an account view. */
export function decidePageNotification(
  n: PageNotification,
  account: { accountId: string; label: string; captureLive: boolean },
  ctx: NotifyContext,
): NotifyDecision {
  if (account.captureLive) return { show: false, reason: 'captured' };
  const stop = gate(ctx);
  if (stop) return stop;
  return {
    show: true,
    title: clip(`${account.label} · ${n.title}`, MAX_TITLE),
    body: ctx.privacy ? PRIVATE_BODY : clip(n.body, MAX_BODY),
    silent: n.silent,
    target: { accountId: account.accountId, chatId: chatIdFromTag(n.tag), messageId: null },
  };
}

/**
 * The newest WhatsApp notification per account and chat, so a click on a notification from
 * capture can also run WhatsApp's own handler (which opens that chat in the live view).
 */
export class PageNotificationIndex {
  readonly #byChat = new Map<string, number>();

  constructor(private readonly capacity = 200) {}

  remember(accountId: string, n: PageNotification): void {
    const chatId = chatIdFromTag(n.tag);
    if (!chatId) return;
    const key = `${accountId}\n${chatId}`;
    this.#byChat.delete(key);
    this.#byChat.set(key, n.id);
    if (this.#byChat.size > this.capacity) this.#byChat.delete(this.#byChat.keys().next().value as string);
  }

  latest(accountId: string, chatId: string): number | null {
    return this.#byChat.get(`${accountId}\n${chatId}`) ?? null;
  }

  /** The view was destroyed (hibernated, removed): its notification ids mean nothing now. */
  forgetAccount(accountId: string): void {
    for (const key of [...this.#byChat.keys()]) if (key.startsWith(`${accountId}\n`)) this.#byChat.delete(key);
  }
}

export type DndChoice = 'off' | '1h' | 'tomorrow' | 'on';

/** The do-not-disturb state a tray choice sets ("until tomorrow" = 08:00 local time next day). */
export function dndFor(choice: DndChoice, now: number): DoNotDisturb {
  switch (choice) {
    case 'off':
      return { enabled: false, until: null };
    case 'on':
      return { enabled: true, until: null };
    case '1h':
      return { enabled: true, until: now + 3600_000 };
    case 'tomorrow': {
      const d = new Date(now);
      d.setDate(d.getDate() + 1);
      d.setHours(8, 0, 0, 0);
      return { enabled: true, until: d.getTime() };
    }
  }
}
