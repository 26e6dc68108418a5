import type { MediaView, MessageView, ThreadSlice } from '../../../shared/archive-views';
import { MESSAGE_COLUMNS, type MessageRow, messageViews } from '../../../core/archive/queries/messages';
import type { Sql } from '../db';
import { fromPg } from '../text';

/**
 * The team archive's message reads, in the shapes the desktop's own reads return
 * (src/core/archive/queries/messages.ts, thread-slice.ts), so the console renders them with
 * the same components. `sql` runs on whatever connection the caller chose (a transaction
 * with the user's visibility set, once row-level security is in place).
 */

const text = (v: unknown): string | null => fromPg(v);

export async function pgContactNames(sql: Sql, accountId: string, waIds: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (waIds.length === 0) return names;
  for (const c of await sql<{ wa_id: string; name: unknown }>(`SELECT wa_id, coalesce(saved_name, push_name, phone) AS name FROM contacts
      WHERE account_id = $1 AND wa_id = ANY($2::text[])`, [accountId, waIds])) {
    const name = text(c.name);
    if (name) names.set(c.wa_id, name);
  }
  return names;
}

/** Adds revisions, revokes, reactions, media, quotes and names to a page of rows in a few set queries. */
export async function pgHydrate(sql: Sql, rows: MessageRow[]): Promise<MessageView[]> {
  if (rows.length === 0) return [];
  const accountId = rows[0]!.account_id;
  if (!rows.every((r) => r.account_id === accountId)) {
    const byAccount = new Map<string, MessageRow[]>();
    for (const r of rows) byAccount.set(r.account_id, [...(byAccount.get(r.account_id) ?? []), r]);
    const views = new Map<number, MessageView>();
    for (const group of byAccount.values()) for (const v of await pgHydrate(sql, group)) views.set(v.rowId, v);
    return rows.map((r) => views.get(r.id)!);
  }
  const ids = rows.map((r) => r.wa_id);
  const latest = new Map<string, string>();
  for (const r of await sql<{ msg_wa_id: string; body: unknown }>(`SELECT msg_wa_id, body FROM revisions
      WHERE account_id = $1 AND msg_wa_id = ANY($2::text[]) ORDER BY edited_at`, [accountId, ids])) {
    latest.set(r.msg_wa_id, text(r.body) ?? '');
  }
  const revoked = new Map<string, 'everyone' | 'me'>();
  for (const r of await sql<{ msg_wa_id: string; scope: 'everyone' | 'me' }>(`SELECT msg_wa_id, scope FROM revocations
      WHERE account_id = $1 AND msg_wa_id = ANY($2::text[])`, [accountId, ids])) {
    if (revoked.get(r.msg_wa_id) !== 'everyone') revoked.set(r.msg_wa_id, r.scope);
  }
  const reactions = new Map<string, Map<string, string[]>>();
  for (const r of await sql<{ msg_wa_id: string; emoji: unknown; sender_wa_id: string }>(`SELECT msg_wa_id, emoji, sender_wa_id FROM reactions
      WHERE account_id = $1 AND msg_wa_id = ANY($2::text[]) AND emoji != '' ORDER BY at, sender_wa_id`, [accountId, ids])) {
    const per = reactions.get(r.msg_wa_id) ?? new Map<string, string[]>();
    const emoji = text(r.emoji) ?? '';
    per.set(emoji, [...(per.get(emoji) ?? []), r.sender_wa_id]);
    reactions.set(r.msg_wa_id, per);
  }
  const media = new Map<string, MediaView>();
  for (const r of await sql<{ msg_wa_id: string; status: MediaView['status']; sha256: string | null; mime: string | null; size: number | null; filename: unknown }>(
    `SELECT msg_wa_id, status, sha256, mime, size, filename FROM message_media WHERE account_id = $1 AND msg_wa_id = ANY($2::text[])`, [accountId, ids])) {
    media.set(r.msg_wa_id, { status: r.status, sha256: r.sha256, mime: r.mime, size: r.size, filename: text(r.filename) });
  }
  const quotedIds = [...new Set(rows.map((r) => r.quoted_wa_id).filter((q): q is string => !!q))];
  const quoted = new Map<string, { rowId: number; text: string | null; sender: string | null }>();
  if (quotedIds.length > 0) {
    for (const q of await sql<{ id: number; wa_id: string; sender_wa_id: string | null; text: unknown }>(`SELECT m.id, m.wa_id, m.sender_wa_id,
        coalesce((SELECT body FROM revisions r WHERE r.account_id = m.account_id AND r.msg_wa_id = m.wa_id ORDER BY edited_at DESC LIMIT 1), m.body, m.caption) AS text
        FROM messages m WHERE m.account_id = $1 AND m.wa_id = ANY($2::text[])`, [accountId, quotedIds])) {
      quoted.set(q.wa_id, { rowId: q.id, text: text(q.text), sender: q.sender_wa_id });
    }
  }
  const senders = [...new Set([...rows.map((r) => r.sender_wa_id), ...[...quoted.values()].map((q) => q.sender)]
    .filter((s): s is string => !!s))];
  const names = await pgContactNames(sql, accountId, senders);
  return messageViews(rows.map((r) => ({ ...r, body: text(r.body), caption: text(r.caption) })),
    { latest, revoked, reactions, media, quoted, names });
}

/** Messages `offset … offset+limit-1` of a chat in time order (0 = oldest); without offset and around, the newest. */
export async function pgThreadSlice(sql: Sql, args: { accountId: string; chatId: string; offset?: number; around?: string; limit: number }): Promise<ThreadSlice> {
  const limit = Math.min(Math.max(args.limit, 1), 500);
  const chat = (await sql<{ id: number }>('SELECT id FROM chats WHERE account_id = $1 AND wa_id = $2', [args.accountId, args.chatId]))[0];
  if (!chat) return { offset: 0, messages: [], total: 0, anchor: null };
  const total = (await sql<{ n: number }>('SELECT count(*)::int AS n FROM messages WHERE chat_id = $1', [chat.id]))[0]?.n ?? 0;
  let anchor: number | null = null;
  if (args.around !== undefined) {
    const m = (await sql<{ sort_key: number }>('SELECT sort_key FROM messages WHERE account_id = $1 AND wa_id = $2 AND chat_id = $3',
      [args.accountId, args.around, chat.id]))[0];
    if (m) anchor = (await sql<{ n: number }>('SELECT count(*)::int AS n FROM messages WHERE chat_id = $1 AND sort_key < $2', [chat.id, m.sort_key]))[0]?.n ?? 0;
  }
  const wanted = anchor !== null ? anchor - Math.floor(limit / 2) : (args.offset ?? total - limit);
  const offset = Math.max(0, Math.min(wanted, total - limit));
  if (offset >= total) return { offset, messages: [], total, anchor };
  const rows = await sql<MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN chats c ON c.id = m.chat_id
    WHERE m.chat_id = $1 ORDER BY m.sort_key ASC OFFSET $2 LIMIT $3`, [chat.id, offset, limit]);
  return { offset, messages: await pgHydrate(sql, rows), total, anchor };
}
