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

/** What a page needs per (account, message): a pair list for `(account_id, col) IN (SELECT * FROM unnest($1, $2))`. */
const PAIRS = 'IN (SELECT * FROM unnest($1::text[], $2::text[]))';

/** Rows grouped by account, each group's values keyed by `key`. */
function perAccount<R extends { account_id: string }, V>(rows: readonly R[], key: (r: R) => string, put: (m: Map<string, V>, k: string, r: R) => void):
  Map<string, Map<string, V>> {
  const out = new Map<string, Map<string, V>>();
  for (const r of rows) {
    let m = out.get(r.account_id);
    if (!m) out.set(r.account_id, (m = new Map()));
    put(m, key(r), r);
  }
  return out;
}

/**
 * Adds revisions, revokes, reactions, media, quotes and names to a page of rows in a few set
 * queries, whatever the accounts on the page (a team search page spans dozens).
 */
export async function pgHydrate(sql: Sql, rows: MessageRow[]): Promise<MessageView[]> {
  if (rows.length === 0) return [];
  const pairs = [rows.map((r) => r.account_id), rows.map((r) => r.wa_id)];
  // revisions, revokes, reactions and media in one round trip (a page spans dozens of accounts)
  type Part = { kind: 'r' | 'x' | 'e' | 'm'; account_id: string; msg_wa_id: string; t1: unknown; t2: string | null; t3: string | null; t4: unknown;
    n1: number | null };
  const parts = await sql<Part>(`
    SELECT 'r' AS kind, account_id, msg_wa_id, body AS t1, NULL::text AS t2, NULL::text AS t3, NULL::text AS t4, edited_at AS n1
      FROM revisions WHERE (account_id, msg_wa_id) ${PAIRS}
    UNION ALL SELECT 'x', account_id, msg_wa_id, scope, NULL, NULL, NULL, NULL FROM revocations WHERE (account_id, msg_wa_id) ${PAIRS}
    UNION ALL SELECT 'e', account_id, msg_wa_id, emoji, sender_wa_id, NULL, NULL, at FROM reactions WHERE (account_id, msg_wa_id) ${PAIRS} AND emoji != ''
    UNION ALL SELECT 'm', account_id, msg_wa_id, status, sha256, mime, filename, size FROM message_media WHERE (account_id, msg_wa_id) ${PAIRS}
    ORDER BY kind, n1, t2`, pairs);
  const of = (kind: Part['kind']) => parts.filter((p) => p.kind === kind);
  const latest = perAccount<Part, string>(of('r'), (r) => r.msg_wa_id, (m, k, r) => m.set(k, text(r.t1) ?? ''));
  const revoked = perAccount<Part, 'everyone' | 'me'>(of('x'), (r) => r.msg_wa_id, (m, k, r) => {
    if (m.get(k) !== 'everyone') m.set(k, r.t1 as 'everyone' | 'me');
  });
  const reactions = perAccount<Part, Map<string, string[]>>(of('e'), (r) => r.msg_wa_id, (m, k, r) => {
    const per = m.get(k) ?? new Map<string, string[]>();
    const emoji = text(r.t1) ?? '';
    per.set(emoji, [...(per.get(emoji) ?? []), r.t2 ?? '']);
    m.set(k, per);
  });
  const media = perAccount<Part, MediaView>(of('m'), (r) => r.msg_wa_id,
    (m, k, r) => m.set(k, { status: r.t1 as MediaView['status'], sha256: r.t2, mime: r.t3, size: r.n1, filename: text(r.t4) }));
  const quoting = rows.filter((r) => r.quoted_wa_id);
  type Quoted = { rowId: number; text: string | null; sender: string | null };
  const quoted = perAccount<{ account_id: string; id: number; wa_id: string; sender_wa_id: string | null; text: unknown }, Quoted>(quoting.length
    ? await sql(`SELECT m.account_id, m.id, m.wa_id, m.sender_wa_id,
        coalesce((SELECT body FROM revisions r WHERE r.account_id = m.account_id AND r.msg_wa_id = m.wa_id ORDER BY edited_at DESC LIMIT 1), m.body, m.caption) AS text
        FROM messages m WHERE (m.account_id, m.wa_id) ${PAIRS}`, [quoting.map((r) => r.account_id), quoting.map((r) => r.quoted_wa_id!)])
    : [], (r) => r.wa_id, (m, k, r) => m.set(k, { rowId: r.id, text: text(r.text), sender: r.sender_wa_id }));
  const senders = new Set<string>();
  for (const r of rows) if (r.sender_wa_id) senders.add(`${r.account_id}\u0000${r.sender_wa_id}`);
  for (const [account, qs] of quoted) for (const q of qs.values()) if (q.sender) senders.add(`${account}\u0000${q.sender}`);
  const senderPairs = [...senders].map((k) => k.split('\u0000') as [string, string]);
  const names = perAccount<{ account_id: string; wa_id: string; name: unknown }, string>(senderPairs.length
    ? await sql(`SELECT account_id, wa_id, coalesce(saved_name, push_name, phone) AS name FROM contacts WHERE (account_id, wa_id) ${PAIRS}`,
      [senderPairs.map((p) => p[0]), senderPairs.map((p) => p[1])])
    : [], (r) => r.wa_id, (m, k, r) => {
    const name = text(r.name);
    if (name) m.set(k, name);
  });
  const none = new Map<string, never>();
  const views = new Map<number, MessageView>();
  const byAccount = new Map<string, MessageRow[]>();
  for (const r of rows) {
    const group = byAccount.get(r.account_id);
    if (group) group.push(r);
    else byAccount.set(r.account_id, [r]);
  }
  for (const [account, group] of byAccount) {
    const parts = {
      latest: latest.get(account) ?? none, revoked: revoked.get(account) ?? none, reactions: reactions.get(account) ?? none,
      media: media.get(account) ?? none, quoted: quoted.get(account) ?? none, names: names.get(account) ?? none,
    };
    for (const v of messageViews(group.map((r) => ({ ...r, body: text(r.body), caption: text(r.caption) })), parts)) views.set(v.rowId, v);
  }
  return rows.map((r) => views.get(r.id)!);
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
