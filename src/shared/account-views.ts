import type { AccountState } from './account-state';

/**
 * Accounts and their live status as the app shows them. The payloads mirror what the
 * supervisor emits (src/core/accounts/supervisor-api.ts); the Core facade adds what only
 * the archive knows (owner names, unread counts).
 */

export interface SyncProgress {
  accountId: string;
  phase: 'chats' | 'history' | 'media' | 'done';
  chatsDone: number;
  chatsTotal: number;
  /** Messages written during this sync (new or updated). */
  messages: number;
}

export interface AccountView {
  id: string;
  label: string;
  phone: string | null;
  ownerId: string | null;
  ownerName: string | null;
  proxy: string | null;
  sortOrder: number;
  createdAt: number;
  state: AccountState;
  detail: string | null;
  stateChangedAt: number | null;
  /** Present while the account waits for a scan (state needs_qr). */
  qr: string | null;
  /** Present while the account is syncing. */
  sync: SyncProgress | null;
  /** Unread incoming messages across the account's chats. */
  unread: number;
}

export interface AccountStatus {
  state: AccountState;
  detail: string | null;
  qr: string | null;
  sync: SyncProgress | null;
  /** When the next automatic retry happens (state `error`), else null. */
  retryAt: number | null;
}

export interface AccountStateEvent {
  accountId: string;
  state: AccountState;
  detail: string | null;
  at: number;
}

export interface QrEvent {
  accountId: string;
  qr: string;
}

export interface GapEvent {
  accountId: string;
  chatId: string;
  fromTs: number;
  toTs: number;
  reason: string;
}

/** A new incoming message, as the notification centre lists it. */
export interface NotificationItem {
  id: string;
  accountId: string;
  accountLabel: string;
  chatId: string;
  chatName: string | null;
  messageId: string;
  senderName: string | null;
  /** Null for media without a caption, or when previews are off. */
  preview: string | null;
  ts: number;
  read: boolean;
}

/** A message live capture committed to the archive (not backfill): the one shape from capture to the renderer. */
export interface CapturedMessage {
  accountId: string;
  chatId: string;
  messageId: string;
  fromMe: boolean;
  ts: number;
  /** WhatsApp's message type (chat, image, ptt…). */
  type: string;
  /** The message's text (body or caption); null for media without caption. */
  text: string | null;
  /** Short text for a notification; null for media without caption. */
  preview: string | null;
  senderName: string | null;
  chatName: string | null;
}

/** What the app window hears of a captured message: the message, with the unread counts and notification it caused. */
export interface CapturedEvent extends CapturedMessage {
  chatUnread: number;
  accountUnread: number;
  /** Set when the message notifies: someone else wrote it, it is not an event, its chat is neither muted nor archived (queries/unread.ts). */
  notification: NotificationItem | null;
}

export interface UnreadEvent {
  accountId: string;
  chatId: string;
  chatUnread: number;
  accountUnread: number;
}

/** Ask the app window to show an account's chat (e.g. a native notification was clicked). */
export interface OpenTarget {
  accountId: string;
  chatId: string;
  messageId: string | null;
}
