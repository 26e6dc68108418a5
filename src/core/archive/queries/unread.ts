import type { AccountUnread } from '../../../shared/archive-views';
import type { Db } from '../open';
import { UNREAD_CAP } from './chats';
import { stmt } from './statements';

const SORT_SLOTS = 1024;

function countUnread(db: Db, chatRowId: number, lastSeenTs: number): number {
  return (stmt(db, `SELECT count(*) AS n FROM (SELECT 1 FROM messages
    WHERE chat_id = ? AND sort_key >= ? AND from_me = 0 LIMIT ${UNREAD_CAP})`).get(chatRowId, (lastSeenTs + 1) * SORT_SLOTS) as
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
