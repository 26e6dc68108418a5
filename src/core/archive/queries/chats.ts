import { OPEN_GAP } from './gap-sql';
import type { ChatKind } from '../operations';
import type { ChatDetail, ChatListItem, ContactDetail, ParticipantView } from '../../../shared/archive-views';
export type { ChatDetail, ChatListItem, ContactDetail, ParticipantView } from '../../../shared/archive-views';
import type { Db } from '../open';
import { contactNames } from './messages';
import { fromDb } from '../text-codec';
import { stmt } from './statements';
import { chatsAtStagesOf } from './customers';
import type { CustomerStage } from '../../../shared/crm-views';
import { SORT_SLOTS, sortKeyFloor } from '../../../shared/vocabulary';

export const UNREAD_CAP = 100;

export interface ChatListArgs {
  accountIds?: string[];
  kinds?: ChatKind[];
  ownerIds?: string[];
  unreadOnly?: boolean;
  /** Only direct chats whose customer is at one of these stages. */
  stages?: CustomerStage[];
  /** Cursor: last_message_ts of the last chat of the previous page. */
  beforeTs?: number;
  limit?: number;
}

export interface ChatRow {
  id: number;
  account_id: string;
  wa_id: string;
  kind: ChatKind;
  name: string | null;
  parent_wa_id: string | null;
  archived: number;
  mute_until: number | null;
  wa_unread: number;
  last_message_id: number | null;
  last_message_ts: number;
  last_seen_ts: number;
  account_label: string;
  account_state: string;
  owner_id: string | null;
  owner_name: string | null;
}

const inList = (col: string) => `${col} IN (SELECT value FROM json_each(?))`;

/** Chats across accounts, most recent first. */
export function chatList(db: Db, args: ChatListArgs = {}): ChatListItem[] {
  const limit = Math.min(Math.max(args.limit ?? 100, 1), 1000);
  const where = ['c.last_message_ts IS NOT NULL'];
  const params: unknown[] = [];
  if (args.accountIds?.length) { where.push(inList('c.account_id')); params.push(JSON.stringify(args.accountIds)); }
  if (args.kinds?.length) { where.push(inList('c.kind')); params.push(JSON.stringify(args.kinds)); }
  if (args.ownerIds?.length) { where.push(inList('a.owner_id')); params.push(JSON.stringify(args.ownerIds)); }
  if (args.beforeTs !== undefined) { where.push('c.last_message_ts < ?'); params.push(args.beforeTs); }
  if (args.stages?.length) {
    const keys = chatsAtStagesOf(db, args.stages).map((c) => `${c.accountId}\u0000${c.chatId}`);
    where.push(`(c.account_id || char(0) || c.wa_id) IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(keys));
  }
  if (args.unreadOnly) {
    // The column test rules out most chats before the subquery has to look at messages.
    where.push(`c.last_message_ts > c.last_seen_ts
      AND EXISTS (SELECT 1 FROM messages u WHERE u.chat_id = c.id AND u.sort_key >= (c.last_seen_ts + 1) * ${SORT_SLOTS} AND u.from_me = 0)`);
  }
  const rows = stmt(db, `SELECT c.id, c.account_id, c.wa_id, c.kind, c.name, c.parent_wa_id, c.archived, c.mute_until,
      c.wa_unread, c.last_message_id, c.last_message_ts, c.last_seen_ts, a.label AS account_label, a.state AS account_state,
      a.owner_id, p.name AS owner_name
    FROM chats c INDEXED BY chats_recent JOIN accounts a ON a.id = c.account_id LEFT JOIN people p ON p.id = a.owner_id
    WHERE ${where.join(' AND ')} ORDER BY c.last_message_ts DESC LIMIT ?`).all(...params, limit) as ChatRow[];
  const unreadStmt = stmt(db, `SELECT count(*) AS n FROM (SELECT 1 FROM messages
    WHERE chat_id = ? AND sort_key >= ? AND from_me = 0 LIMIT ${UNREAD_CAP})`);
  const lastStmt = stmt(db, `SELECT m.wa_id, m.ts, m.type, m.from_me, m.sender_wa_id,
      coalesce((SELECT body FROM revisions r WHERE r.account_id = m.account_id AND r.msg_wa_id = m.wa_id ORDER BY edited_at DESC LIMIT 1), m.body, m.caption) AS text,
      EXISTS (SELECT 1 FROM revocations v WHERE v.account_id = m.account_id AND v.msg_wa_id = m.wa_id AND v.scope = 'everyone') AS revoked
    FROM messages m WHERE m.id = ?`);
  return rows.map((r) => {
    const last = r.last_message_id === null ? undefined : (lastStmt.get(r.last_message_id) as LastMessageRow | undefined);
    const senderName = last?.sender_wa_id ? (contactNames(db, r.account_id, [last.sender_wa_id]).get(last.sender_wa_id) ?? null) : null;
    // nothing newer than the last-seen mark: no unread, no need to count
    const unread = r.last_message_ts > r.last_seen_ts ? (unreadStmt.get(r.id, sortKeyFloor(r.last_seen_ts + 1)) as { n: number }).n : 0;
    return chatListItem(r, { last: last ? { ...last, text: fromDb(last.text) } : undefined, senderName,
      name: r.name ?? chatFallbackName(db, r.account_id, r.wa_id), unread });
  });
}

export interface LastMessageRow { wa_id: string; ts: number; type: string; from_me: number; sender_wa_id: string | null; text: string | null; revoked: number }

/** A chat list row as the views show it: one mapping for the desktop's archive and the team archive. */
export function chatListItem(r: Omit<ChatRow, 'name' | 'last_message_id'>, o: { last: LastMessageRow | undefined; senderName: string | null;
  name: string | null; unread: number }): ChatListItem {
  const { last } = o;
  return {
    chatRowId: r.id,
    accountId: r.account_id,
    accountLabel: r.account_label,
    accountState: r.account_state,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    chatId: r.wa_id,
    kind: r.kind,
    name: o.name,
    parentId: r.parent_wa_id,
    archived: r.archived === 1,
    mutedUntil: r.mute_until,
    waUnread: r.wa_unread,
    unread: o.unread,
    lastMessage: last
      ? { waId: last.wa_id, ts: last.ts, text: last.text, type: last.type, fromMe: last.from_me === 1, senderName: o.senderName, revoked: last.revoked === 1 }
      : null,
  };
}

function chatFallbackName(db: Db, accountId: string, chatId: string): string | null {
  return contactNames(db, accountId, [chatId]).get(chatId) ?? null;
}


/** How far capture got in a chat, and its open gaps: what reconcile needs, without chatDetail's member activity. */
export function chatSyncState(db: Db, args: { accountId: string; chatId: string }): Pick<ChatDetail, 'sync' | 'gaps'> {
  const sync = stmt(db, `SELECT oldest_ts AS oldestTs, newest_ts AS newestTs, complete, last_sync_at AS lastSyncAt
    FROM chat_sync WHERE account_id = ? AND chat_wa_id = ?`).get(args.accountId, args.chatId) as
    { oldestTs: number | null; newestTs: number | null; complete: number; lastSyncAt: number | null } | undefined;
  return {
    sync: sync ? { ...sync, complete: sync.complete === 1 } : null,
    gaps: stmt(db, `SELECT from_ts AS fromTs, to_ts AS toTs, reason, detected_at AS detectedAt FROM gaps g
      WHERE account_id = ? AND chat_wa_id = ? AND ${OPEN_GAP} ORDER BY from_ts`).all(args.accountId, args.chatId) as ChatDetail['gaps'],
  };
}

export function chatDetail(db: Db, args: { accountId: string; chatId: string }): ChatDetail | null {
  const c = stmt(db, 'SELECT id, wa_id, kind, name, parent_wa_id FROM chats WHERE account_id = ? AND wa_id = ?')
    .get(args.accountId, args.chatId) as { id: number; wa_id: string; kind: ChatKind; name: string | null; parent_wa_id: string | null } | undefined;
  if (!c) return null;
  const activity = new Map((stmt(db, `SELECT sender_wa_id AS s, count(*) AS n, max(ts) AS last FROM messages
      WHERE chat_id = ? AND sender_wa_id IS NOT NULL GROUP BY sender_wa_id`).all(c.id) as
      { s: string; n: number; last: number }[]).map((r) => [r.s, r]));
  const parts = stmt(db, `SELECT p.contact_wa_id, p.role, p.is_member, p.since, p.left_at,
      coalesce(k.saved_name, k.push_name) AS name, k.phone
    FROM participants p LEFT JOIN contacts k ON k.account_id = p.account_id AND k.wa_id = p.contact_wa_id
    WHERE p.account_id = ? AND p.chat_wa_id = ? ORDER BY p.is_member DESC, p.role DESC, name`).all(args.accountId, args.chatId) as
    { contact_wa_id: string; role: ParticipantView['role']; is_member: number; since: number | null; left_at: number | null; name: string | null; phone: string | null }[];
  const communityId = c.kind === 'community' ? c.wa_id : c.parent_wa_id;
  const groups = communityId
    ? (stmt(db, `SELECT wa_id AS chatId, name, kind FROM chats WHERE account_id = ? AND parent_wa_id = ?
        ORDER BY kind = 'community_announce' DESC, name`).all(args.accountId, communityId) as ChatDetail['communityGroups'])
    : [];
  const parent = c.parent_wa_id
    ? ((stmt(db, 'SELECT wa_id AS chatId, name FROM chats WHERE account_id = ? AND wa_id = ?')
        .get(args.accountId, c.parent_wa_id) as ChatDetail['parent'] | undefined) ?? { chatId: c.parent_wa_id, name: null })
    : null;
  const { sync, gaps } = chatSyncState(db, args);
  return {
    accountId: args.accountId,
    chatId: c.wa_id,
    kind: c.kind,
    name: c.name ?? chatFallbackName(db, args.accountId, c.wa_id),
    parent,
    communityGroups: groups,
    participants: parts.map((p) => ({
      contactId: p.contact_wa_id,
      name: p.name,
      phone: p.phone,
      role: p.role,
      isMember: p.is_member === 1,
      since: p.since,
      leftAt: p.left_at,
      messages: activity.get(p.contact_wa_id)?.n ?? 0,
      lastActive: activity.get(p.contact_wa_id)?.last ?? null,
    })),
    events: stmt(db, `SELECT contact_wa_id AS contactId, event, at, by_wa_id AS "by" FROM participant_events
      WHERE account_id = ? AND chat_wa_id = ? ORDER BY at, contact_wa_id, event`).all(args.accountId, args.chatId) as ChatDetail['events'],
    sync,
    gaps,
    messageCount: (stmt(db, 'SELECT count(*) AS n FROM messages WHERE chat_id = ?').get(c.id) as { n: number }).n,
  };
}

export function contactDetail(db: Db, args: { accountId: string; contactId: string }): ContactDetail | null {
  const k = stmt(db, `SELECT wa_id, lid, phone, saved_name, push_name, is_business FROM contacts
    WHERE account_id = @accountId AND (wa_id = @contactId OR lid = @contactId)`).get({ accountId: args.accountId, contactId: args.contactId }) as
    { wa_id: string; lid: string | null; phone: string | null; saved_name: string | null; push_name: string | null; is_business: number } | undefined;
  if (!k) return null;
  return {
    accountId: args.accountId,
    contactId: k.wa_id,
    lid: k.lid,
    phone: k.phone,
    savedName: k.saved_name,
    pushName: k.push_name,
    isBusiness: k.is_business === 1,
    groups: (stmt(db, `SELECT p.chat_wa_id AS chatId, c.name, p.role, p.is_member FROM participants p
      LEFT JOIN chats c ON c.account_id = p.account_id AND c.wa_id = p.chat_wa_id
      WHERE p.account_id = ? AND p.contact_wa_id IN (?, coalesce(?, ''))`).all(args.accountId, k.wa_id, k.lid) as
      { chatId: string; name: string | null; role: string; is_member: number }[])
      .map(({ is_member, ...g }) => ({ ...g, isMember: is_member === 1 })),
  };
}
