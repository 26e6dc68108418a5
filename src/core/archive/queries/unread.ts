import type { NotificationItem } from '../../../shared/account-views';
import type { AccountUnread } from '../../../shared/archive-views';
import { notificationPreview } from '../preview';
import { fromDb } from '../text-codec';
import type { Db } from '../open';
import { UNREAD_CAP } from './chats';
import { contactNames } from './messages';
import { stmt } from './statements';
import { NOT_NOTIFIED_TYPES, sortKeyFloor, sqlTypeList } from '../../../shared/vocabulary';

function countUnread(db: Db, chatRowId: number, lastSeenTs: number): number {
  return (stmt(db, `SELECT count(*) AS n FROM (SELECT 1 FROM messages
    WHERE chat_id = ? AND sort_key >= ? AND from_me = 0 LIMIT ${UNREAD_CAP})`).get(chatRowId, sortKeyFloor(lastSeenTs + 1)) as
    { n: number }).n;
}

/**
 * Unread incoming messages per account, counted the way chatList counts them (since the
 * chat was last opened here, each chat capped at UNREAD_CAP). Only chats whose last
 * message is newer than their last-seen mark can have any, which keeps this cheap.
 */
export function unreadByAccount(db: Db, args: { accountId?: string } = {}): AccountUnread[] {
  const totals = new Map<string, number>();
  for (const c of stmt(db, `SELECT c.id, c.account_id, c.last_seen_ts FROM chats c JOIN accounts a ON a.id = c.account_id
      WHERE a.removed_at IS NULL AND c.last_message_ts > c.last_seen_ts AND (? IS NULL OR c.account_id = ?)`)
      .all(args.accountId ?? null, args.accountId ?? null) as
      { id: number; account_id: string; last_seen_ts: number }[]) {
    const n = countUnread(db, c.id, c.last_seen_ts);
    if (n > 0) totals.set(c.account_id, (totals.get(c.account_id) ?? 0) + n);
  }
  return [...totals].map(([accountId, unread]) => ({ accountId, unread }));
}

export function chatUnread(db: Db, args: { accountId: string; chatId: string }): number {
  const c = stmt(db, 'SELECT id, last_seen_ts FROM chats WHERE account_id = ? AND wa_id = ?').get(args.accountId, args.chatId) as
    { id: number; last_seen_ts: number } | undefined;
  return c ? countUnread(db, c.id, c.last_seen_ts) : 0;
}

/** Messages WhatsApp or capture mark as events, not as something a person wrote. */
const NOT_NOTIFIED = sqlTypeList(NOT_NOTIFIED_TYPES);

/**
 * THE notification rule, for live messages and for the centre rebuilt after a restart:
 * someone else wrote it, it is not an event, and its chat is neither archived nor muted
 * at `now` (mute_until: null = not muted, -1 = muted for good, else muted until then).
 */
const MESSAGE_NOTIFIES = `m.from_me = 0 AND m.type NOT IN ${NOT_NOTIFIED}`;
const CHAT_NOTIFIES = `c.archived = 0 AND (c.mute_until IS NULL OR (c.mute_until >= 0 AND c.mute_until <= @now))`;

interface UnreadChat { id: number; account_id: string; wa_id: string; name: string | null; last_seen_ts: number; label: string }
interface UnreadRow { wa_id: string; ts: number; sender_wa_id: string | null; type: string; body: unknown; caption: unknown }

/**
 * Unread incoming messages (since each chat was last opened here), newest first per chat,
 * from the chats with the most recent activity: the notification centre after a restart
 * (`notifyingAt`: only chats that notify then), and what auto-translate catches up on after
 * capture synced (muted chats too).
 */
function* unreadRows(db: Db, o: { accountId: string | null; chats: number; perChat: number; untranslatedOnly: boolean; notifyingAt?: number }):
  Generator<{ chat: UnreadChat; rows: UnreadRow[] }> {
  const chatRule = o.notifyingAt === undefined ? '1 = 1' : CHAT_NOTIFIES;
  for (const chat of stmt(db, `SELECT c.id, c.account_id, c.wa_id, c.name, c.last_seen_ts, a.label FROM chats c JOIN accounts a ON a.id = c.account_id
      WHERE a.removed_at IS NULL AND c.last_message_ts > c.last_seen_ts AND (@account IS NULL OR c.account_id = @account) AND ${chatRule}
      ORDER BY c.last_message_ts DESC LIMIT @limit`).all({ account: o.accountId, limit: o.chats, ...(o.notifyingAt === undefined ? {} : { now: o.notifyingAt }) }) as UnreadChat[]) {
    const rows = stmt(db, `SELECT m.wa_id, m.ts, m.sender_wa_id, m.type, m.body, m.caption FROM messages m
      WHERE m.chat_id = ? AND m.sort_key >= ? AND ${MESSAGE_NOTIFIES}
        AND (? = 0 OR NOT EXISTS (SELECT 1 FROM message_translations t WHERE t.account_id = m.account_id AND t.msg_wa_id = m.wa_id))
      ORDER BY m.sort_key DESC LIMIT ?`).all(chat.id, sortKeyFloor(chat.last_seen_ts + 1), o.untranslatedOnly ? 1 : 0, o.perChat) as UnreadRow[];
    if (rows.length) yield { chat, rows };
  }
}

type NotificationDraft = Omit<NotificationItem, 'id' | 'read'>;

/** The one builder of a notification item from archive rows (live and after a restart). */
function notificationItems(db: Db, c: Pick<UnreadChat, 'account_id' | 'wa_id' | 'name' | 'label'>, rows: UnreadRow[]): NotificationDraft[] {
  const names = contactNames(db, c.account_id, [c.wa_id, ...rows.flatMap((r) => (r.sender_wa_id ? [r.sender_wa_id] : []))]);
  return rows.map((r) => ({
    accountId: c.account_id,
    accountLabel: c.label,
    chatId: c.wa_id,
    chatName: c.name ?? names.get(c.wa_id) ?? null,
    messageId: r.wa_id,
    senderName: r.sender_wa_id ? (names.get(r.sender_wa_id) ?? null) : null,
    preview: notificationPreview(r.type, fromDb(r.body) ?? fromDb(r.caption)),
    ts: r.ts,
  }));
}

/** The notification centre after a restart: the newest unread incoming messages that notify, newest first. */
export function unreadNotifications(db: Db, args: { limit?: number; now?: number } = {}): NotificationDraft[] {
  const limit = args.limit ?? 100;
  const out: NotificationDraft[] = [];
  for (const { chat, rows } of unreadRows(db, { accountId: null, chats: limit, perChat: limit, untranslatedOnly: false, notifyingAt: args.now ?? Date.now() })) {
    out.push(...notificationItems(db, chat, rows));
  }
  return out.sort((a, b) => b.ts - a.ts).slice(0, limit);
}

/** A message just captured live: its notification, or null when the rule says it does not notify. */
export function notificationFor(db: Db, args: { accountId: string; messageId: string; now?: number }): NotificationDraft | null {
  const row = stmt(db, `SELECT c.account_id, c.wa_id AS chat_wa_id, c.name, a.label, m.wa_id, m.ts, m.sender_wa_id, m.type, m.body, m.caption
    FROM messages m JOIN chats c ON c.id = m.chat_id JOIN accounts a ON a.id = m.account_id
    WHERE m.account_id = @account AND m.wa_id = @message AND ${MESSAGE_NOTIFIES} AND ${CHAT_NOTIFIES}`)
    .get({ account: args.accountId, message: args.messageId, now: args.now ?? Date.now() }) as
    (UnreadRow & { account_id: string; chat_wa_id: string; name: string | null; label: string }) | undefined;
  if (!row) return null;
  return notificationItems(db, { account_id: row.account_id, wa_id: row.chat_wa_id, name: row.name, label: row.label }, [row])[0] ?? null;
}

/** An account's unread incoming messages with text and no translation yet (auto-translate catching up), newest first. */
export function unreadUntranslated(db: Db, args: { accountId: string; limit?: number }): Array<{ chatId: string; messageId: string; ts: number }> {
  const limit = args.limit ?? 500;
  const out: Array<{ chatId: string; messageId: string; ts: number }> = [];
  for (const { chat, rows } of unreadRows(db, { accountId: args.accountId, chats: limit, perChat: limit, untranslatedOnly: true })) {
    for (const r of rows) if (fromDb(r.body) ?? fromDb(r.caption)) out.push({ chatId: chat.wa_id, messageId: r.wa_id, ts: r.ts });
  }
  return out.sort((a, b) => b.ts - a.ts).slice(0, limit);
}
