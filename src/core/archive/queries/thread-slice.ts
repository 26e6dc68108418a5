import type { ThreadSlice } from '../../../shared/archive-views';
import type { Db } from '../open';
import { MESSAGE_COLUMNS, type MessageRow, hydrate } from './messages';
import { stmt } from './statements';

export interface ThreadSliceArgs {
  accountId: string;
  chatId: string;
  /** 0 = oldest. Without offset and around: the newest `limit` messages. */
  offset?: number;
  /** A message to open around; the result's `anchor` is its index in the chat. */
  around?: string;
  limit: number;
}

/**
 * A chat addressed by position, so a virtualized view can show the whole chat (its
 * scrollbar spans every message) and fetch only the rows on screen. The start row is
 * found on the covering (chat_id, sort_key) index from whichever end is nearer.
 */
export function threadSlice(db: Db, args: ThreadSliceArgs): ThreadSlice {
  const limit = Math.min(Math.max(args.limit, 1), 500);
  const chat = stmt(db, 'SELECT id FROM chats WHERE account_id = ? AND wa_id = ?').get(args.accountId, args.chatId) as
    { id: number } | undefined;
  if (!chat) return { offset: 0, messages: [], total: 0, anchor: null };
  const total = (stmt(db, 'SELECT count(*) AS n FROM messages WHERE chat_id = ?').get(chat.id) as { n: number }).n;
  let anchor: number | null = null;
  if (args.around !== undefined) {
    const m = stmt(db, 'SELECT sort_key FROM messages WHERE account_id = ? AND wa_id = ? AND chat_id = ?')
      .get(args.accountId, args.around, chat.id) as { sort_key: number } | undefined;
    if (m) {
      anchor = (stmt(db, 'SELECT count(*) AS n FROM messages WHERE chat_id = ? AND sort_key < ?').get(chat.id, m.sort_key) as
        { n: number }).n;
    }
  }
  const wanted = anchor !== null ? anchor - Math.floor(limit / 2) : (args.offset ?? total - limit);
  const offset = Math.max(0, Math.min(wanted, total - limit));
  if (offset >= total) return { offset, messages: [], total, anchor };
  const start = offset <= total / 2
    ? stmt(db, 'SELECT sort_key FROM messages WHERE chat_id = ? ORDER BY sort_key ASC LIMIT 1 OFFSET ?').get(chat.id, offset)
    : stmt(db, 'SELECT sort_key FROM messages WHERE chat_id = ? ORDER BY sort_key DESC LIMIT 1 OFFSET ?').get(chat.id, total - 1 - offset);
  const startKey = (start as { sort_key: number } | undefined)?.sort_key;
  if (startKey === undefined) return { offset, messages: [], total, anchor };
  const rows = stmt(db, `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN chats c ON c.id = m.chat_id
    WHERE m.chat_id = ? AND m.sort_key >= ? ORDER BY m.sort_key ASC LIMIT ?`).all(chat.id, startKey, limit) as MessageRow[];
  return { offset, messages: hydrate(db, rows), total, anchor };
}
