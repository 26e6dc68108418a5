import type { ArchiveOpInput, MediaStatus } from '../operations';
import type { Db } from '../open';
import { fromDb } from '../text-codec';
import type { MessageView } from '../../../shared/archive-views';
import { MergeMap } from './customers';
import { hydrate, MESSAGE_COLUMNS, type MessageRow } from './messages';
import { stmt } from './statements';
import { CUSTOMER_FIELD_KEYS, CUSTOMER_FIELDS } from '../../../shared/customer-fields';
import { ID_SUFFIX, idUser, phoneOfUserId, sortKeyRange } from '../../../shared/vocabulary';

/**
 * Reads for bundles (core/exchange): the archive's content turned back into the archive
 * operations that rebuild it. Applying them to another profile (any order, any number of
 * times) reproduces every row that is not local bookkeeping (row ids, sort keys, receive
 * times, seen marks). Run in the reader thread, a page at a time.
 */

const json = (v: unknown) => JSON.stringify(v);
const list = (s: string | null): string[] => (s ? (JSON.parse(s) as string[]) : []);

// ---------------------------------------------------------------- accounts and people

export function bundleAccounts(db: Db, args: { accountIds: string[] }): { ops: ArchiveOpInput[]; people: string[] } {
  const rows = stmt(db, `SELECT id, label, owner_id, partition_id, sort_order, phone, me_wa_id, removed_at FROM accounts
    WHERE id IN (SELECT value FROM json_each(?)) ORDER BY sort_order, id`).all(json(args.accountIds)) as
    { id: string; label: string; owner_id: string | null; partition_id: string; sort_order: number; phone: string | null;
      me_wa_id: string | null; removed_at: number | null }[];
  const ops: ArchiveOpInput[] = [];
  for (const a of rows) {
    // No proxy: its URL may hold credentials; an admin sets it again in the receiving profile.
    ops.push({ op: 'createAccount', accountId: a.id, label: a.label, ownerId: a.owner_id, partitionId: a.partition_id, sortOrder: a.sort_order });
    if (a.phone !== null || a.me_wa_id !== null || a.removed_at !== null) {
      ops.push({ op: 'patchAccount', accountId: a.id, phone: a.phone, meId: a.me_wa_id, removedAt: a.removed_at });
    }
  }
  return { ops, people: rows.map((a) => a.owner_id).filter((p): p is string => !!p) };
}

export function bundlePeople(db: Db, args: { personIds: string[] }): ArchiveOpInput[] {
  return (stmt(db, 'SELECT id, name, role, active FROM people WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id')
    .all(json([...new Set(args.personIds)])) as { id: string; name: string; role: 'rep' | 'admin'; active: number }[])
    .map((p) => ({ op: 'upsertPerson', personId: p.id, name: p.name, role: p.role, active: p.active === 1 }));
}

// ---------------------------------------------------------------- chats, contacts, participants

export interface BundleChat {
  rowId: number;
  chatId: string;
}

/**
 * Chats of an account (all, or the given ids) with what describes them: chat fields, sync
 * state, gaps, participants, contacts (all of the account's, or those of the chats), and
 * translation preferences.
 */
export function bundleChats(db: Db, args: { accountId: string; chatIds?: string[] }): { ops: ArchiveOpInput[]; chats: BundleChat[] } {
  const accountId = args.accountId;
  const only = args.chatIds ? json(args.chatIds) : null;
  const chatRows = stmt(db, `SELECT id, wa_id, kind, name, name_at, parent_wa_id, observed_at, archived, mute_until, read_only, wa_unread,
      created_at, known FROM chats WHERE account_id = ? AND (? IS NULL OR wa_id IN (SELECT value FROM json_each(?))) ORDER BY id`)
    .all(accountId, only, only) as {
      id: number; wa_id: string; kind: string; name: string | null; name_at: number | null; parent_wa_id: string | null;
      observed_at: number | null; archived: number; mute_until: number | null; read_only: number; wa_unread: number;
      created_at: number | null; known: number;
    }[];
  const ops: ArchiveOpInput[] = [];
  const chatIds = json(chatRows.map((c) => c.wa_id));
  const inChats = (col: string) => `account_id = ? AND ${col} IN (SELECT value FROM json_each(?))`;

  // contacts: all of the account's, or the chats' own and their groups' participants
  const contacts = only === null
    ? stmt(db, 'SELECT * FROM contacts WHERE account_id = ?').all(accountId)
    : stmt(db, `SELECT * FROM contacts WHERE account_id = ? AND (wa_id IN (SELECT value FROM json_each(?))
        OR lid IN (SELECT value FROM json_each(?))
        OR wa_id IN (SELECT contact_wa_id FROM participants WHERE ${inChats('chat_wa_id')}))`).all(accountId, chatIds, chatIds, accountId, chatIds);
  for (const k of contacts as { wa_id: string; lid: string | null; phone: string | null; saved_name: string | null; saved_name_at: number | null;
    push_name: string | null; push_name_at: number | null; is_business: number; is_me: number }[]) {
    const base = { op: 'upsertContact' as const, accountId, contactId: k.wa_id, lid: k.lid, phone: k.phone, isBusiness: k.is_business === 1,
      isMe: k.is_me === 1 };
    if (k.saved_name !== null) ops.push({ ...base, savedName: k.saved_name, at: k.saved_name_at ?? 0 });
    if (k.push_name !== null) ops.push({ ...base, pushName: k.push_name, at: k.push_name_at ?? 0 });
    if (k.saved_name === null && k.push_name === null) ops.push({ ...base, at: 0 });
  }

  for (const c of chatRows) {
    if (c.known !== 1) continue; // a chat only seen through its messages is recreated by them
    const fields = {
      op: 'upsertChat' as const, accountId, chatId: c.wa_id, kind: c.kind as 'direct', parentId: c.parent_wa_id, archived: c.archived === 1,
      muteUntil: c.mute_until, readOnly: c.read_only === 1, unreadCount: c.wa_unread, createdAt: c.created_at,
    };
    if (c.name !== null) ops.push({ ...fields, name: c.name, at: c.name_at ?? 0 });
    ops.push({ ...fields, name: null, at: c.observed_at ?? 0 });
  }
  for (const s of stmt(db, `SELECT chat_wa_id, oldest_ts, newest_ts, complete FROM chat_sync WHERE ${inChats('chat_wa_id')}`)
    .all(accountId, chatIds) as { chat_wa_id: string; oldest_ts: number | null; newest_ts: number | null; complete: number }[]) {
    ops.push({ op: 'syncState', accountId, chatId: s.chat_wa_id, oldestTs: s.oldest_ts, newestTs: s.newest_ts, complete: s.complete === 1 });
  }
  for (const g of stmt(db, `SELECT chat_wa_id, from_ts, to_ts, reason FROM gaps WHERE ${inChats('chat_wa_id')}`)
    .all(accountId, chatIds) as { chat_wa_id: string; from_ts: number; to_ts: number; reason: string }[]) {
    ops.push({ op: 'gap', accountId, chatId: g.chat_wa_id, fromTs: g.from_ts, toTs: g.to_ts, reason: g.reason });
  }
  for (const f of stmt(db, `SELECT chat_wa_id, from_ts, to_ts, source FROM history_fills WHERE ${inChats('chat_wa_id')}`)
    .all(accountId, chatIds) as { chat_wa_id: string; from_ts: number; to_ts: number; source: 'device' | 'import' }[]) {
    ops.push({ op: 'historyFilled', accountId, chatId: f.chat_wa_id, fromTs: f.from_ts, toTs: f.to_ts, source: f.source });
  }
  for (const s of stmt(db, `SELECT s.chat_wa_id, s.at, m.members FROM participant_snapshots s JOIN participant_sets m ON m.hash = s.set_hash
      WHERE s.${inChats('chat_wa_id')}`).all(accountId, chatIds) as { chat_wa_id: string; at: number; members: string }[]) {
    ops.push({ op: 'setParticipants', accountId, chatId: s.chat_wa_id, at: s.at,
      participants: JSON.parse(s.members) as Array<{ contactId: string; role: 'member' }> });
  }
  for (const e of stmt(db, `SELECT chat_wa_id, contact_wa_id, event, at, by_wa_id FROM participant_events
      WHERE source = 'live' AND ${inChats('chat_wa_id')}`).all(accountId, chatIds) as
      { chat_wa_id: string; contact_wa_id: string; event: 'join'; at: number; by_wa_id: string | null }[]) {
    ops.push({ op: 'participantEvent', accountId, chatId: e.chat_wa_id, contactId: e.contact_wa_id, event: e.event, at: e.at, by: e.by_wa_id });
  }
  const prefs = only === null
    ? stmt(db, 'SELECT * FROM translate_prefs WHERE account_id = ?').all(accountId)
    : stmt(db, `SELECT * FROM translate_prefs WHERE ${inChats('wa_id')}`).all(accountId, chatIds);
  for (const p of prefs as { scope: 'chat' | 'contact'; wa_id: string; auto_translate: number | null; auto_at: number | null;
    target_lang: string | null; target_at: number | null; lang_override: string | null; override_at: number | null;
    detected_lang: string | null; detected_confidence: number | null; detected_samples: number | null; detected_at: number | null }[]) {
    const base = { op: 'translatePref' as const, accountId, scope: p.scope, id: p.wa_id };
    if (p.auto_at !== null) ops.push({ ...base, at: p.auto_at, autoTranslate: p.auto_translate === null ? null : p.auto_translate === 1 });
    if (p.target_at !== null) ops.push({ ...base, at: p.target_at, targetLang: p.target_lang });
    if (p.override_at !== null) ops.push({ ...base, at: p.override_at, language: p.lang_override });
    if (p.detected_at !== null && p.detected_lang !== null) {
      ops.push({ op: 'detectedLanguage', accountId, contactId: p.wa_id, lang: p.detected_lang, confidence: p.detected_confidence ?? 0,
        samples: p.detected_samples ?? 0, at: p.detected_at });
    }
  }
  for (const a of stmt(db, 'SELECT msg_wa_id, ack FROM pending_acks WHERE account_id = ?').all(accountId) as { msg_wa_id: string; ack: number }[]) {
    if (only === null) ops.push({ op: 'ack', accountId, messageId: a.msg_wa_id, ack: a.ack });
  }
  return { ops, chats: chatRows.map((c) => ({ rowId: c.id, chatId: c.wa_id })) };
}

// ---------------------------------------------------------------- messages

export interface MessagePageArgs {
  accountId: string;
  /** Chat row ids (BundleChat.rowId), read one after the other. */
  chatRowIds: number[];
  /** Cursor: index into chatRowIds and the last sort key read there. */
  cursor?: { chat: number; after: number };
  /** Inclusive time range. */
  from?: number;
  to?: number;
  limit: number;
  /** Stored media is listed for the bundle's media entries. */
  includeMedia: boolean;
  /** Only messages stored at or below this row id (the team upload's bound: later ones are in the outbox). */
  maxRowId?: number;
  /** The receiver gets the files another way (the team server's media upload): "stored" claims stay as they are. */
  mediaSentSeparately?: boolean;
}

export interface MessagePage {
  ops: ArchiveOpInput[];
  messages: number;
  media: Array<{ sha256: string; size: number }>;
  /** null once every chat was read. */
  cursor: { chat: number; after: number } | null;
}

interface MessageRowFull {
  wa_id: string; chat_wa_id: string; sort_key: number; sender_wa_id: string | null; from_me: number; type: string; body: unknown;
  caption: unknown; ts: number; ack: number; quoted_wa_id: string | null; forwarded: number; forwarding_score: number; location: string | null;
  vcards: string | null; links: string | null; mentions: string | null; has_media: number; subtype: string | null; raw: string | null;
  received_at: number;
}

export const BUNDLE_PAGE_SQL = `SELECT m.wa_id, c.wa_id AS chat_wa_id, m.sort_key, m.sender_wa_id, m.from_me, m.type, m.body, m.caption, m.ts, m.ack,
    m.quoted_wa_id, m.forwarded, m.forwarding_score, m.location, m.vcards, m.links, m.mentions, m.has_media, m.subtype, m.raw, m.received_at
  FROM messages m JOIN chats c ON c.id = m.chat_id
  WHERE m.chat_id = ? AND m.sort_key > ? AND m.sort_key <= ? AND m.id <= ? ORDER BY m.sort_key LIMIT ?`;

/** The next page of messages, each with its revisions, revocations, reactions, media and translations. */
export function bundleMessages(db: Db, args: MessagePageArgs): MessagePage {
  const { accountId } = args;
  const rows: MessageRowFull[] = [];
  const range = sortKeyRange(args.from, args.to);
  const start = range.lo - 1;
  const upper = range.hi;
  let cursor = args.cursor ?? { chat: 0, after: start };
  while (rows.length < args.limit && cursor.chat < args.chatRowIds.length) {
    const want = args.limit - rows.length;
    const got = stmt(db, BUNDLE_PAGE_SQL).all(args.chatRowIds[cursor.chat], cursor.after, upper, args.maxRowId ?? Number.MAX_SAFE_INTEGER, want) as MessageRowFull[];
    rows.push(...got);
    // a short page means this chat is done
    cursor = got.length < want ? { chat: cursor.chat + 1, after: start } : { chat: cursor.chat, after: got[got.length - 1]!.sort_key };
  }
  const ops: ArchiveOpInput[] = rows.map((m) => ({
    op: 'upsertMessage',
    accountId,
    message: {
      id: m.wa_id, chatId: m.chat_wa_id, senderId: m.sender_wa_id, fromMe: m.from_me === 1, type: m.type, body: fromDb(m.body),
      caption: fromDb(m.caption), timestamp: m.ts, ack: m.ack, quotedId: m.quoted_wa_id, forwarded: m.forwarded === 1,
      forwardingScore: m.forwarding_score, location: m.location ? (JSON.parse(m.location) as { latitude: number; longitude: number }) : null,
      vcards: list(m.vcards), links: list(m.links), mentions: list(m.mentions), hasMedia: m.has_media === 1, subtype: m.subtype,
      editedAt: null, raw: m.raw, receivedAt: m.received_at,
    },
  }));
  const media: MessagePage['media'] = [];
  if (rows.length > 0) {
    const ids = json(rows.map((r) => r.wa_id));
    const side = (table: string, cols: string) =>
      stmt(db, `SELECT msg_wa_id, ${cols} FROM ${table} WHERE account_id = ? AND msg_wa_id IN (SELECT value FROM json_each(?))`).all(accountId, ids);
    for (const r of side('revisions', 'edited_at, body') as { msg_wa_id: string; edited_at: number; body: unknown }[]) {
      ops.push({ op: 'edit', accountId, messageId: r.msg_wa_id, body: fromDb(r.body) ?? '', editedAt: r.edited_at });
    }
    for (const r of side('revocations', 'scope, at, by_wa_id') as { msg_wa_id: string; scope: 'everyone' | 'me'; at: number; by_wa_id: string | null }[]) {
      ops.push({ op: 'revoke', accountId, messageId: r.msg_wa_id, scope: r.scope, at: r.at, by: r.by_wa_id });
    }
    for (const r of side('reactions', 'sender_wa_id, emoji, at') as { msg_wa_id: string; sender_wa_id: string; emoji: string; at: number }[]) {
      ops.push({ op: 'reaction', accountId, messageId: r.msg_wa_id, senderId: r.sender_wa_id, emoji: r.emoji, at: r.at });
    }
    const sizes = stmt(db, 'SELECT size FROM media_files WHERE sha256 = ?');
    for (const r of side('message_media', 'status, sha256, mime, size, filename, detail') as { msg_wa_id: string; status: MediaStatus;
      sha256: string | null; mime: string | null; size: number | null; filename: unknown; detail: string | null }[]) {
      let { status, detail } = r;
      if (status === 'stored' && r.sha256) {
        const file = sizes.get(r.sha256) as { size: number } | undefined;
        if (args.includeMedia && file) media.push({ sha256: r.sha256, size: file.size });
        // without its bytes a "stored" claim would be false in the receiving profile
        else if (!args.mediaSentSeparately) ({ status, detail } = { status: 'failed', detail: 'media not included in the bundle' });
      }
      ops.push({ op: 'media', accountId, messageId: r.msg_wa_id, status, sha256: r.sha256, mime: r.mime, size: r.size,
        filename: fromDb(r.filename), detail });
    }
    for (const r of side('message_translations', 'lang, text, src_lang, provider, source_hash, translated_at') as { msg_wa_id: string;
      lang: string; text: unknown; src_lang: string | null; provider: string; source_hash: string; translated_at: number }[]) {
      ops.push({ op: 'translation', accountId, messageId: r.msg_wa_id, lang: r.lang, text: fromDb(r.text) ?? '', srcLang: r.src_lang,
        provider: r.provider, sourceHash: r.source_hash, at: r.translated_at });
    }
  }
  return { ops, messages: rows.length, media, cursor: cursor.chat < args.chatRowIds.length ? cursor : null };
}

export function bundleMessageCount(db: Db, args: { chatRowIds: number[]; from?: number; to?: number }): number {
  return (stmt(db, `SELECT count(*) AS n FROM messages WHERE chat_id IN (SELECT value FROM json_each(?)) AND ts >= ? AND ts <= ?`)
    .get(json(args.chatRowIds), args.from ?? 0, args.to ?? Number.MAX_SAFE_INTEGER) as { n: number }).n;
}

// ---------------------------------------------------------------- customers

/** Every customer's data (and those merged into it) as operations, plus the people they name. */
export function bundleCrm(db: Db, args: { customerIds: string[]; chats: Array<{ accountId: string; chatId: string }> }):
  { ops: ArchiveOpInput[]; people: string[] } {
  const merges = MergeMap.load(db);
  const ids = [...new Set(args.customerIds.flatMap((c) => merges.idsOf(merges.root(c))))];
  const idList = json(ids);
  const inIds = (col: string) => `${col} IN (SELECT value FROM json_each(?))`;
  const ops: ArchiveOpInput[] = [];
  const people = new Set<string>();
  const person = (p: string | null) => {
    if (p) people.add(p);
    return p;
  };
  // a field with its own history (stage) travels as that history, below
  const fields = CUSTOMER_FIELD_KEYS.filter((k) => !CUSTOMER_FIELDS[k].history);
  for (const c of stmt(db, `SELECT * FROM customers WHERE ${inIds('id')}`).all(idList) as Record<string, unknown>[]) {
    const customerId = c.id as string;
    ops.push({ op: 'customer', customerId, at: c.created_at as number });
    for (const key of fields) {
      const { column, atColumn, freeText } = CUSTOMER_FIELDS[key];
      const at = c[atColumn] as number | null;
      if (at === null) continue;
      const v = freeText ? fromDb(c[column]) : (c[column] as string | null);
      ops.push({ op: 'customer', customerId, at, [key]: v });
      if (key === 'ownerId') person(v);
    }
  }
  for (const e of stmt(db, `SELECT * FROM customer_stage_events WHERE ${inIds('customer_id')}`).all(idList) as
    { customer_id: string; at: number; stage: 'quote'; by_id: string | null }[]) {
    ops.push({ op: 'customer', customerId: e.customer_id, at: e.at, stage: e.stage, by: person(e.by_id) });
  }
  for (const t of stmt(db, `SELECT * FROM customer_tags WHERE ${inIds('customer_id')}`).all(idList) as
    { customer_id: string; tag: string; present: number; at: number }[]) {
    ops.push({ op: 'customerTag', customerId: t.customer_id, tag: t.tag, present: t.present === 1, at: t.at });
  }
  for (const n of stmt(db, `SELECT * FROM customer_notes WHERE ${inIds('customer_id')}`).all(idList) as
    { id: string; customer_id: string; author_id: string | null; body: unknown; at: number }[]) {
    ops.push({ op: 'customerNote', noteId: n.id, customerId: n.customer_id, authorId: person(n.author_id), body: fromDb(n.body) ?? '', at: n.at });
  }
  for (const f of stmt(db, `SELECT * FROM follow_ups WHERE ${inIds('customer_id')}`).all(idList) as
    { id: string; customer_id: string; text: unknown; due_at: number | null; assignee_id: string | null; details_at: number | null;
      details_by: string | null; done: number; status_at: number | null; status_by: string | null; created_at: number }[]) {
    const base = { op: 'followUp' as const, followUpId: f.id, customerId: f.customer_id };
    ops.push({ ...base, at: f.created_at });
    if (f.details_at !== null && f.text !== null && f.due_at !== null) {
      ops.push({ ...base, at: f.details_at, by: person(f.details_by),
        details: { text: fromDb(f.text) ?? '', dueAt: f.due_at, assigneeId: person(f.assignee_id) } });
    }
    if (f.status_at !== null) ops.push({ ...base, at: f.status_at, by: person(f.status_by), done: f.done === 1 });
  }
  const chatKeys = new Set(args.chats.map((c) => `${c.accountId}\u0000${c.chatId}`));
  for (const l of stmt(db, 'SELECT * FROM customer_links').all() as { account_id: string; contact_wa_id: string; customer_id: string | null; at: number }[]) {
    if (chatKeys.has(`${l.account_id}\u0000${l.contact_wa_id}`) || (l.customer_id !== null && ids.includes(l.customer_id))) {
      ops.push({ op: 'customerLink', accountId: l.account_id, contactId: l.contact_wa_id, customerId: l.customer_id, at: l.at });
    }
  }
  for (const m of stmt(db, `SELECT * FROM customer_merges WHERE ${inIds('from_id')}`).all(idList) as
    { from_id: string; into_id: string | null; at: number }[]) {
    ops.push({ op: 'customerMerge', fromId: m.from_id, intoId: m.into_id, at: m.at });
  }
  return { ops, people: [...people] };
}

// ---------------------------------------------------------------- exports (HTML, PDF, CSV, JSON)

export interface ExportChatRow {
  accountId: string;
  accountLabel: string;
  chatId: string;
  rowId: number;
  name: string | null;
  kind: string;
}

const EXPORT_CHAT_COLUMNS = `c.account_id AS accountId, a.label AS accountLabel, c.wa_id AS chatId, c.id AS rowId, c.kind,
  coalesce(c.name, k.saved_name, k.push_name, CASE WHEN c.wa_id LIKE '%${ID_SUFFIX.lid}' THEN (SELECT coalesce(l.saved_name, l.push_name) FROM contacts l
    WHERE l.account_id = c.account_id AND l.lid = c.wa_id LIMIT 1) END, CASE WHEN c.kind = 'direct' THEN k.phone END) AS name
  FROM chats c JOIN accounts a ON a.id = c.account_id LEFT JOIN contacts k ON k.account_id = c.account_id AND k.wa_id = c.wa_id`;

/** Chats to export: the given ones, or every chat of the accounts (all accounts when none given) with a message in the range. */
export function exportChats(db: Db, args: { chats?: Array<{ accountId: string; chatId: string }>; accountIds?: string[]; from?: number; to?: number }):
  ExportChatRow[] {
  if (args.chats) {
    const one = stmt(db, `SELECT ${EXPORT_CHAT_COLUMNS} WHERE c.account_id = ? AND c.wa_id = ?`);
    return args.chats.map((c) => one.get(c.accountId, c.chatId) as ExportChatRow | undefined).filter((c): c is ExportChatRow => !!c);
  }
  const { lo, hi } = sortKeyRange(args.from, args.to);
  const accounts = args.accountIds ? json(args.accountIds) : null;
  return stmt(db, `SELECT ${EXPORT_CHAT_COLUMNS} WHERE (? IS NULL OR c.account_id IN (SELECT value FROM json_each(?)))
      AND EXISTS (SELECT 1 FROM messages m WHERE m.chat_id = c.id AND m.sort_key BETWEEN ? AND ?)
    ORDER BY a.sort_order, c.account_id, c.last_message_ts DESC`).all(accounts, accounts, lo, hi) as ExportChatRow[];
}

/** A page of a chat's messages (oldest first) with every revision, for an export. */
export function exportMessages(db: Db, args: { rowId: number; after?: number; from?: number; to?: number; limit: number }):
  { messages: Array<MessageView & { revisions: Array<{ editedAt: number; body: string }> }>; last: number | null } {
  const range = sortKeyRange(args.from, args.to);
  const lo = Math.max(args.after ?? -1, range.lo - 1);
  const hi = range.hi;
  const rows = stmt(db, `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN chats c ON c.id = m.chat_id
    WHERE m.chat_id = ? AND m.sort_key > ? AND m.sort_key <= ? ORDER BY m.sort_key LIMIT ?`).all(args.rowId, lo, hi, args.limit) as MessageRow[];
  const views = hydrate(db, rows);
  const revisions = new Map<string, Array<{ editedAt: number; body: string }>>();
  if (rows.length > 0) {
    for (const r of stmt(db, `SELECT msg_wa_id, edited_at, body FROM revisions WHERE account_id = ? AND msg_wa_id IN (SELECT value FROM json_each(?))
        ORDER BY edited_at`).all(rows[0]!.account_id, json(rows.map((r) => r.wa_id))) as { msg_wa_id: string; edited_at: number; body: unknown }[]) {
      revisions.set(r.msg_wa_id, [...(revisions.get(r.msg_wa_id) ?? []), { editedAt: r.edited_at, body: fromDb(r.body) ?? '' }]);
    }
  }
  return {
    messages: views.map((v) => ({ ...v, revisions: revisions.get(v.waId) ?? [] })),
    last: rows.length === args.limit ? rows[rows.length - 1]!.sort_key : null,
  };
}

// ---------------------------------------------------------------- WhatsApp "Export chat" imports

export interface ImportCandidate {
  waId: string;
  fromMe: boolean;
  senderId: string | null;
  ts: number;
  hasMedia: boolean;
  /** Every text the message had: original body, caption, each revision. */
  texts: string[];
}

/** Messages already archived in a chat within a time range, to recognise those an import file repeats. */
export function importCandidates(db: Db, args: { accountId: string; chatId: string; from: number; to: number }): ImportCandidate[] {
  const rows = stmt(db, `SELECT m.wa_id, m.from_me, m.sender_wa_id, m.ts, m.has_media, m.body, m.caption,
      (SELECT json_group_array(r.body) FROM revisions r WHERE r.account_id = m.account_id AND r.msg_wa_id = m.wa_id) AS revs
    FROM chats c JOIN messages m ON m.chat_id = c.id
    WHERE c.account_id = ? AND c.wa_id = ? AND m.sort_key BETWEEN ? AND ?`)
    .all(args.accountId, args.chatId, sortKeyRange(args.from, args.to).lo, sortKeyRange(args.from, args.to).hi) as
    { wa_id: string; from_me: number; sender_wa_id: string | null; ts: number; has_media: number; body: unknown; caption: unknown; revs: string }[];
  return rows.map((r) => ({
    waId: r.wa_id, fromMe: r.from_me === 1, senderId: r.sender_wa_id, ts: r.ts, hasMedia: r.has_media === 1,
    texts: [fromDb(r.body), fromDb(r.caption), ...(JSON.parse(r.revs) as Array<string | null>)].filter((t): t is string => !!t),
  }));
}

/** What an import needs to tell who wrote what: the chat's contact, the account's own number, contacts by name and phone. */
export function importPeople(db: Db, args: { accountId: string; chatId: string }): {
  kind: string | null; accountPhone: string | null; chatContact: { names: string[]; phone: string | null } | null;
  contacts: Array<{ contactId: string; names: string[]; phone: string | null; isMe: boolean }>;
} {
  const chat = stmt(db, 'SELECT kind FROM chats WHERE account_id = ? AND wa_id = ?').get(args.accountId, args.chatId) as { kind: string } | undefined;
  const account = stmt(db, 'SELECT phone, me_wa_id FROM accounts WHERE id = ?').get(args.accountId) as { phone: string | null; me_wa_id: string | null } | undefined;
  const contacts = (stmt(db, 'SELECT wa_id, lid, phone, saved_name, push_name, is_me FROM contacts WHERE account_id = ?').all(args.accountId) as
    { wa_id: string; lid: string | null; phone: string | null; saved_name: string | null; push_name: string | null; is_me: number }[])
    .map((k) => ({ contactId: k.wa_id, lid: k.lid, names: [k.saved_name, k.push_name].filter((n): n is string => !!n), phone: k.phone, isMe: k.is_me === 1 }));
  const own = contacts.find((k) => k.contactId === args.chatId || k.lid === args.chatId);
  return {
    kind: chat?.kind ?? null,
    accountPhone: account?.phone ?? (account?.me_wa_id ? idUser(account.me_wa_id) : null),
    chatContact: own ? { names: own.names, phone: own.phone } : phoneOfUserId(args.chatId) !== null ? { names: [], phone: phoneOfUserId(args.chatId) } : null,
    contacts: contacts.map(({ lid: _lid, ...k }) => k),
  };
}
