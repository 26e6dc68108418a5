import type { ChatDetail, ChatListItem, ParticipantView } from '../../../shared/archive-views';
import { SORT_SLOTS } from '../../../shared/vocabulary';
import type { ChatKind } from '../../../core/archive/operations';
import { type ChatListArgs, chatListItem, type ChatRow, type LastMessageRow, UNREAD_CAP } from '../../../core/archive/queries/chats';
import { OPEN_GAP } from '../../../core/archive/queries/gap-sql';
import { chatsAtStages } from '../../../core/archive/queries/customers';
import { pgCustomerRows } from './customers';
import type { Sql } from '../db';
import { fromPg } from '../text';
import { pgContactNames } from './messages';

/**
 * The team archive's chat list and chat details, in the desktop's shapes (queries/chats.ts)
 * and built by its own row mapping (chatListItem), so the console shows them with the same
 * components. Unread counts follow the seen marks the desktops replicated.
 */

export async function pgChatList(sql: Sql, args: ChatListArgs = {}): Promise<ChatListItem[]> {
  const limit = Math.min(Math.max(args.limit ?? 100, 1), 1000);
  const where = ['c.last_message_ts IS NOT NULL'];
  const params: unknown[] = [];
  const add = (clause: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (args.accountIds?.length) add((n) => `c.account_id = ANY(${n}::text[])`, args.accountIds);
  if (args.kinds?.length) add((n) => `c.kind = ANY(${n}::text[])`, args.kinds);
  if (args.ownerIds?.length) add((n) => `a.owner_id = ANY(${n}::text[])`, args.ownerIds);
  if (args.beforeTs !== undefined) add((n) => `c.last_message_ts < ${n}`, args.beforeTs);
  if (args.stages?.length) {
    const at = chatsAtStages(await pgCustomerRows(sql), args.stages);
    add((n) => `(c.account_id, c.wa_id) IN (SELECT * FROM unnest(${n}::text[], $${params.length + 1}::text[]))`, at.map((c) => c.accountId));
    params.push(at.map((c) => c.chatId));
  }
  if (args.unreadOnly) {
    where.push(`c.last_message_ts > c.last_seen_ts
      AND EXISTS (SELECT 1 FROM messages u WHERE u.chat_id = c.id AND u.sort_key >= (c.last_seen_ts + 1) * ${SORT_SLOTS} AND u.from_me = 0)`);
  }
  params.push(limit);
  const rows = await sql<ChatRow>(`SELECT c.id, c.account_id, c.wa_id, c.kind, c.name, c.parent_wa_id, c.archived, c.mute_until,
      c.wa_unread, c.last_message_id, c.last_message_ts, c.last_seen_ts, a.label AS account_label, a.state AS account_state,
      a.owner_id, p.name AS owner_name
    FROM chats c JOIN accounts a ON a.id = c.account_id LEFT JOIN people p ON p.id = a.owner_id
    WHERE ${where.join(' AND ')} ORDER BY c.last_message_ts DESC, c.id DESC LIMIT $${params.length}`, params);
  if (rows.length === 0) return [];
  const lastIds = rows.map((r) => r.last_message_id).filter((id): id is number => id !== null);
  const last = new Map((await sql<LastMessageRow & { id: number; account_id: string }>(`SELECT m.id, m.account_id, m.wa_id, m.ts, m.type, m.from_me,
      m.sender_wa_id,
      coalesce((SELECT body FROM revisions r WHERE r.account_id = m.account_id AND r.msg_wa_id = m.wa_id ORDER BY edited_at DESC LIMIT 1), m.body, m.caption) AS text,
      EXISTS (SELECT 1 FROM revocations v WHERE v.account_id = m.account_id AND v.msg_wa_id = m.wa_id AND v.scope = 'everyone')::int AS revoked
    FROM messages m WHERE m.id = ANY($1::bigint[])`, [lastIds])).map((m) => [m.id, { ...m, text: fromPg(m.text) }]));
  // unread: new messages from others after the seen mark, counted up to the cap as the desktop does
  const unreadOf = new Map((await sql<{ id: number; n: number }>(`SELECT c.id, (SELECT count(*)::int FROM (SELECT 1 FROM messages u
      WHERE u.chat_id = c.id AND u.sort_key >= (c.last_seen_ts + 1) * ${SORT_SLOTS} AND u.from_me = 0 LIMIT ${UNREAD_CAP}) x) AS n
    FROM chats c WHERE c.id = ANY($1::bigint[]) AND c.last_message_ts > c.last_seen_ts`, [rows.map((r) => r.id)])).map((u) => [u.id, u.n]));
  const out: ChatListItem[] = [];
  for (const r of rows) {
    const l = r.last_message_id === null ? undefined : last.get(r.last_message_id);
    const names = await pgContactNames(sql, r.account_id, [...new Set([r.wa_id, ...(l?.sender_wa_id ? [l.sender_wa_id] : [])])]);
    out.push(chatListItem({ ...r, account_label: fromPg(r.account_label) ?? '', owner_name: fromPg(r.owner_name) }, {
      last: l, senderName: l?.sender_wa_id ? (names.get(l.sender_wa_id) ?? null) : null,
      name: fromPg(r.name) ?? names.get(r.wa_id) ?? null, unread: unreadOf.get(r.id) ?? 0,
    }));
  }
  return out;
}

export async function pgChatDetail(sql: Sql, args: { accountId: string; chatId: string }): Promise<ChatDetail | null> {
  const c = (await sql<{ id: number; wa_id: string; kind: ChatKind; name: unknown; parent_wa_id: string | null }>(
    'SELECT id, wa_id, kind, name, parent_wa_id FROM chats WHERE account_id = $1 AND wa_id = $2', [args.accountId, args.chatId]))[0];
  if (!c) return null;
  const activity = new Map((await sql<{ s: string; n: number; last: number }>(`SELECT sender_wa_id AS s, count(*)::int AS n, max(ts) AS last
      FROM messages WHERE chat_id = $1 AND sender_wa_id IS NOT NULL GROUP BY sender_wa_id`, [c.id])).map((r) => [r.s, r]));
  const parts = await sql<{ contact_wa_id: string; role: ParticipantView['role']; is_member: number; since: number | null; left_at: number | null;
    name: unknown; phone: string | null }>(`SELECT p.contact_wa_id, p.role, p.is_member, p.since, p.left_at,
      coalesce(k.saved_name, k.push_name) AS name, k.phone
    FROM participants p LEFT JOIN contacts k ON k.account_id = p.account_id AND k.wa_id = p.contact_wa_id
    WHERE p.account_id = $1 AND p.chat_wa_id = $2 ORDER BY p.is_member DESC, p.role DESC, name NULLS FIRST`, [args.accountId, args.chatId]);
  const communityId = c.kind === 'community' ? c.wa_id : c.parent_wa_id;
  const groups = communityId
    ? (await sql<{ chatId: string; name: unknown; kind: ChatKind }>(`SELECT wa_id AS "chatId", name, kind FROM chats WHERE account_id = $1 AND parent_wa_id = $2
        ORDER BY kind = 'community_announce' DESC, name NULLS FIRST`, [args.accountId, communityId])).map((g) => ({ ...g, name: fromPg(g.name) }))
    : [];
  const parentRow = c.parent_wa_id
    ? (await sql<{ chatId: string; name: unknown }>('SELECT wa_id AS "chatId", name FROM chats WHERE account_id = $1 AND wa_id = $2',
      [args.accountId, c.parent_wa_id]))[0]
    : undefined;
  const parent = c.parent_wa_id ? (parentRow ? { chatId: parentRow.chatId, name: fromPg(parentRow.name) } : { chatId: c.parent_wa_id, name: null }) : null;
  const sync = (await sql<{ oldestTs: number | null; newestTs: number | null; complete: number; lastSyncAt: number | null }>(
    `SELECT oldest_ts AS "oldestTs", newest_ts AS "newestTs", complete, last_sync_at AS "lastSyncAt" FROM chat_sync
      WHERE account_id = $1 AND chat_wa_id = $2`, [args.accountId, args.chatId]))[0];
  const gaps = await sql<ChatDetail['gaps'][number]>(`SELECT from_ts AS "fromTs", to_ts AS "toTs", reason, detected_at AS "detectedAt" FROM gaps g
      WHERE account_id = $1 AND chat_wa_id = $2 AND ${OPEN_GAP} ORDER BY from_ts`, [args.accountId, args.chatId]);
  const events = await sql<ChatDetail['events'][number]>(`SELECT contact_wa_id AS "contactId", event, at, by_wa_id AS "by" FROM participant_events
      WHERE account_id = $1 AND chat_wa_id = $2 ORDER BY at, contact_wa_id, event`, [args.accountId, args.chatId]);
  const messageCount = (await sql<{ n: number }>('SELECT count(*)::int AS n FROM messages WHERE chat_id = $1', [c.id]))[0]?.n ?? 0;
  return {
    accountId: args.accountId,
    chatId: c.wa_id,
    kind: c.kind,
    name: fromPg(c.name) ?? (await pgContactNames(sql, args.accountId, [c.wa_id])).get(c.wa_id) ?? null,
    parent,
    communityGroups: groups,
    participants: parts.map((p) => ({
      contactId: p.contact_wa_id,
      name: fromPg(p.name),
      phone: p.phone,
      role: p.role,
      isMember: p.is_member === 1,
      since: p.since,
      leftAt: p.left_at,
      messages: activity.get(p.contact_wa_id)?.n ?? 0,
      lastActive: activity.get(p.contact_wa_id)?.last ?? null,
    })),
    events,
    sync: sync ? { ...sync, complete: sync.complete === 1 } : null,
    gaps,
    messageCount,
  };
}
