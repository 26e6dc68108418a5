import type { ArchiveOpInput, MediaStatus } from '../../../core/archive/operations';
import type { RestoreCursor } from '../../../core/team/wire';
import type { Sql } from '../db';
import { fromPg } from '../text';

/**
 * The team archive read back as archive operations, for a PC that restores an account (a
 * new or rebuilt PC, or the rep an account was handed to). The same reads as a bundle's
 * (src/core/archive/queries/exchange.ts) over PostgreSQL: applied to an empty profile they
 * rebuild every row that is not the PC's own bookkeeping. Accounts are named by their
 * WhatsApp number, the team's identity for them.
 */

const list = (s: string | null): string[] => (s ? (JSON.parse(s) as string[]) : []);
const text = (v: unknown): string | null => fromPg(v);

export type { RestoreCursor } from '../../../core/team/wire';

export const START: RestoreCursor = { stage: 'meta', chatRowIds: [], chat: 0, after: -1, done: 0, total: 0 };

/** The account, its chats and what describes them (contacts, members, sync state, gaps, preferences). */
async function metaOps(sql: Sql, accountId: string): Promise<{ ops: ArchiveOpInput[]; chatRowIds: number[]; total: number }> {
  const ops: ArchiveOpInput[] = [];
  const a = (await sql<{ id: string; label: unknown; phone: string | null; me_wa_id: string | null }>(
    'SELECT id, label, phone, me_wa_id FROM accounts WHERE id = $1', [accountId]))[0];
  if (!a) return { ops, chatRowIds: [], total: 0 };
  ops.push({ op: 'createAccount', accountId, label: text(a.label) ?? accountId, partitionId: `p-${accountId}` });
  ops.push({ op: 'patchAccount', accountId, phone: a.phone, meId: a.me_wa_id ?? accountId });
  for (const k of await sql<{ wa_id: string; lid: string | null; phone: string | null; saved_name: unknown; saved_name_at: number | null;
    push_name: unknown; push_name_at: number | null; is_business: number; is_me: number }>('SELECT * FROM contacts WHERE account_id = $1', [accountId])) {
    const base = { op: 'upsertContact' as const, accountId, contactId: k.wa_id, lid: k.lid, phone: k.phone, isBusiness: k.is_business === 1, isMe: k.is_me === 1 };
    const saved = text(k.saved_name);
    const push = text(k.push_name);
    if (saved !== null) ops.push({ ...base, savedName: saved, at: k.saved_name_at ?? 0 });
    if (push !== null) ops.push({ ...base, pushName: push, at: k.push_name_at ?? 0 });
    if (saved === null && push === null) ops.push({ ...base, at: 0 });
  }
  const chats = await sql<{ id: number; wa_id: string; kind: string; name: unknown; name_at: number | null; parent_wa_id: string | null;
    observed_at: number | null; archived: number; mute_until: number | null; read_only: number; wa_unread: number; created_at: number | null; known: number }>(
    `SELECT id, wa_id, kind, name, name_at, parent_wa_id, observed_at, archived, mute_until, read_only, wa_unread, created_at, known
      FROM chats WHERE account_id = $1 ORDER BY id`, [accountId]);
  for (const c of chats) {
    if (c.known !== 1) continue; // a chat only seen through its messages is recreated by them
    const fields = {
      op: 'upsertChat' as const, accountId, chatId: c.wa_id, kind: c.kind as 'direct', parentId: c.parent_wa_id, archived: c.archived === 1,
      muteUntil: c.mute_until, readOnly: c.read_only === 1, unreadCount: c.wa_unread, createdAt: c.created_at,
    };
    const name = text(c.name);
    if (name !== null) ops.push({ ...fields, name, at: c.name_at ?? 0 });
    ops.push({ ...fields, name: null, at: c.observed_at ?? 0 });
  }
  for (const s of await sql<{ chat_wa_id: string; oldest_ts: number | null; newest_ts: number | null; complete: number }>(
    'SELECT chat_wa_id, oldest_ts, newest_ts, complete FROM chat_sync WHERE account_id = $1', [accountId])) {
    ops.push({ op: 'syncState', accountId, chatId: s.chat_wa_id, oldestTs: s.oldest_ts, newestTs: s.newest_ts, complete: s.complete === 1 });
  }
  for (const g of await sql<{ chat_wa_id: string; from_ts: number; to_ts: number; reason: string }>(
    'SELECT chat_wa_id, from_ts, to_ts, reason FROM gaps WHERE account_id = $1', [accountId])) {
    ops.push({ op: 'gap', accountId, chatId: g.chat_wa_id, fromTs: g.from_ts, toTs: g.to_ts, reason: g.reason });
  }
  for (const f of await sql<{ chat_wa_id: string; from_ts: number; to_ts: number; source: 'device' | 'import' }>(
    'SELECT chat_wa_id, from_ts, to_ts, source FROM history_fills WHERE account_id = $1', [accountId])) {
    ops.push({ op: 'historyFilled', accountId, chatId: f.chat_wa_id, fromTs: f.from_ts, toTs: f.to_ts, source: f.source });
  }
  for (const s of await sql<{ chat_wa_id: string; at: number; members: string }>(`SELECT s.chat_wa_id, s.at, m.members FROM participant_snapshots s
      JOIN participant_sets m ON m.hash = s.set_hash WHERE s.account_id = $1`, [accountId])) {
    ops.push({ op: 'setParticipants', accountId, chatId: s.chat_wa_id, at: s.at,
      participants: JSON.parse(s.members) as Array<{ contactId: string; role: 'member' }> });
  }
  for (const e of await sql<{ chat_wa_id: string; contact_wa_id: string; event: 'join'; at: number; by_wa_id: string | null }>(
    `SELECT chat_wa_id, contact_wa_id, event, at, by_wa_id FROM participant_events WHERE source = 'live' AND account_id = $1`, [accountId])) {
    ops.push({ op: 'participantEvent', accountId, chatId: e.chat_wa_id, contactId: e.contact_wa_id, event: e.event, at: e.at, by: e.by_wa_id });
  }
  for (const p of await sql<{ scope: 'chat' | 'contact'; wa_id: string; auto_translate: number | null; auto_at: number | null; target_lang: string | null;
    target_at: number | null; lang_override: string | null; override_at: number | null; detected_lang: string | null; detected_confidence: number | null;
    detected_samples: number | null; detected_at: number | null }>('SELECT * FROM translate_prefs WHERE account_id = $1', [accountId])) {
    const base = { op: 'translatePref' as const, accountId, scope: p.scope, id: p.wa_id };
    if (p.auto_at !== null) ops.push({ ...base, at: p.auto_at, autoTranslate: p.auto_translate === null ? null : p.auto_translate === 1 });
    if (p.target_at !== null) ops.push({ ...base, at: p.target_at, targetLang: p.target_lang });
    if (p.override_at !== null) ops.push({ ...base, at: p.override_at, language: p.lang_override });
    if (p.detected_at !== null && p.detected_lang !== null) {
      ops.push({ op: 'detectedLanguage', accountId, contactId: p.wa_id, lang: p.detected_lang, confidence: p.detected_confidence ?? 0,
        samples: p.detected_samples ?? 0, at: p.detected_at });
    }
  }
  for (const k of await sql<{ msg_wa_id: string; ack: number }>('SELECT msg_wa_id, ack FROM pending_acks WHERE account_id = $1', [accountId])) {
    ops.push({ op: 'ack', accountId, messageId: k.msg_wa_id, ack: k.ack });
  }
  const total = (await sql<{ n: number }>('SELECT count(*)::int AS n FROM messages WHERE account_id = $1', [accountId]))[0]?.n ?? 0;
  return { ops, chatRowIds: chats.map((c) => c.id), total };
}

interface MessageRow {
  wa_id: string; chat_wa_id: string; sort_key: number; sender_wa_id: string | null; from_me: number; type: string; body: unknown; caption: unknown;
  ts: number; ack: number; quoted_wa_id: string | null; forwarded: number; forwarding_score: number; location: string | null; vcards: string | null;
  links: string | null; mentions: string | null; has_media: number; subtype: string | null; raw: string | null; received_at: number;
}

/** The next page of an account's messages, each with its revisions, revocations, reactions, media and translations. */
async function messageOps(sql: Sql, accountId: string, c: RestoreCursor, limit: number): Promise<{ ops: ArchiveOpInput[]; cursor: RestoreCursor }> {
  const rows: MessageRow[] = [];
  let cursor = c;
  while (rows.length < limit && cursor.chat < cursor.chatRowIds.length) {
    const want = limit - rows.length;
    const got = await sql<MessageRow>(`SELECT m.wa_id, c.wa_id AS chat_wa_id, m.sort_key, m.sender_wa_id, m.from_me, m.type, m.body, m.caption, m.ts, m.ack,
        m.quoted_wa_id, m.forwarded, m.forwarding_score, m.location, m.vcards, m.links, m.mentions, m.has_media, m.subtype, m.raw, m.received_at
      FROM messages m JOIN chats c ON c.id = m.chat_id WHERE m.chat_id = $1 AND m.account_id = $4 AND m.sort_key > $2 ORDER BY m.sort_key LIMIT $3`,
    [cursor.chatRowIds[cursor.chat], cursor.after, want, accountId]);
    rows.push(...got);
    // a short page means this chat is done
    cursor = got.length < want ? { ...cursor, chat: cursor.chat + 1, after: -1 } : { ...cursor, after: got[got.length - 1]!.sort_key };
  }
  const ops: ArchiveOpInput[] = rows.map((m) => ({
    op: 'upsertMessage',
    accountId,
    message: {
      id: m.wa_id, chatId: m.chat_wa_id, senderId: m.sender_wa_id, fromMe: m.from_me === 1, type: m.type, body: text(m.body), caption: text(m.caption),
      timestamp: m.ts, ack: m.ack, quotedId: m.quoted_wa_id, forwarded: m.forwarded === 1, forwardingScore: m.forwarding_score,
      location: m.location ? (JSON.parse(m.location) as { latitude: number; longitude: number }) : null, vcards: list(m.vcards), links: list(m.links),
      mentions: list(m.mentions), hasMedia: m.has_media === 1, subtype: m.subtype, editedAt: null, raw: m.raw, receivedAt: m.received_at,
    },
  }));
  if (rows.length > 0) {
    const ids = rows.map((r) => r.wa_id);
    const side = <R,>(table: string, cols: string) => sql<R & { msg_wa_id: string }>(
      `SELECT msg_wa_id, ${cols} FROM ${table} WHERE account_id = $1 AND msg_wa_id = ANY($2::text[])`, [accountId, ids]);
    for (const r of await side<{ edited_at: number; body: unknown }>('revisions', 'edited_at, body')) {
      ops.push({ op: 'edit', accountId, messageId: r.msg_wa_id, body: text(r.body) ?? '', editedAt: r.edited_at });
    }
    for (const r of await side<{ scope: 'everyone' | 'me'; at: number; by_wa_id: string | null }>('revocations', 'scope, at, by_wa_id')) {
      ops.push({ op: 'revoke', accountId, messageId: r.msg_wa_id, scope: r.scope, at: r.at, by: r.by_wa_id });
    }
    for (const r of await side<{ sender_wa_id: string; emoji: unknown; at: number }>('reactions', 'sender_wa_id, emoji, at')) {
      ops.push({ op: 'reaction', accountId, messageId: r.msg_wa_id, senderId: r.sender_wa_id, emoji: text(r.emoji) ?? '', at: r.at });
    }
    // a "stored" file comes down by its hash afterwards (GET /device/media/<sha256>)
    for (const r of await side<{ status: MediaStatus; sha256: string | null; mime: string | null; size: number | null; filename: unknown; detail: string | null }>(
      'message_media', 'status, sha256, mime, size, filename, detail')) {
      ops.push({ op: 'media', accountId, messageId: r.msg_wa_id, status: r.status, sha256: r.sha256, mime: r.mime, size: r.size,
        filename: text(r.filename), detail: r.detail });
    }
    for (const r of await side<{ lang: string; text: unknown; src_lang: string | null; provider: string; source_hash: string; translated_at: number }>(
      'message_translations', 'lang, text, src_lang, provider, source_hash, translated_at')) {
      ops.push({ op: 'translation', accountId, messageId: r.msg_wa_id, lang: r.lang, text: text(r.text) ?? '', srcLang: r.src_lang,
        provider: r.provider, sourceHash: r.source_hash, at: r.translated_at });
    }
  }
  const done = cursor.chat >= cursor.chatRowIds.length;
  return { ops, cursor: { ...cursor, stage: done ? 'done' : 'messages', done: c.done + rows.length } };
}

/** The page of an account's restore at `cursor`: operations to apply, and the cursor after them. */
export async function pgRestorePage(sql: Sql, accountId: string, cursor: RestoreCursor, limit = 5000): Promise<{ ops: ArchiveOpInput[]; next: RestoreCursor }> {
  if (cursor.stage === 'done') return { ops: [], next: cursor };
  if (cursor.stage === 'meta') {
    const meta = await metaOps(sql, accountId);
    return { ops: meta.ops, next: { ...START, stage: meta.chatRowIds.length ? 'messages' : 'done', chatRowIds: meta.chatRowIds, total: meta.total } };
  }
  const page = await messageOps(sql, accountId, cursor, limit);
  return { ops: page.ops, next: page.cursor };
}
