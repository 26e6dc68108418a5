import type { Db } from '../open';
import type { Message } from '../operations';
import { toDb } from '../text-codec';
import { encodeSortKey } from '../../../shared/vocabulary';
import { type ApplyContext, type Domain, statements } from './context';
import type { SearchIndex } from './search-index';

/**
 * Messages and what happens to them: content fills in (a revoked stub or a late original
 * never erases what we know), acks only rise, edits are a set of revisions, revokes are
 * flags with their earliest time, a reaction per sender is the latest one.
 */

interface MessageRow {
  id: number;
  stub: number;
  body: string | null;
  caption: string | null;
  ack: number;
  raw_rank: string | null;
  raw: string | null;
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Time-ordered, unique key; also the FTS rowid, so FTS can return newest matches first. */
export function baseSortKey(ts: number, waId: string): number {
  return encodeSortKey(ts, fnv1a(waId));
}

/** Which raw payload to keep: the one seen with the highest ack, then the latest edit. */
export function rawRank(m: Message): string {
  return `${String(m.ack + 1).padStart(2, '0')}:${String(m.editedAt ?? 0).padStart(16, '0')}`;
}

/** Whether `m`'s raw payload replaces the stored one (higher rank; on a tie, the greater text, so any order agrees). */
export function replacesRaw(m: Message, stored: { raw_rank: string | null; raw: string | null }): boolean {
  const rank = rawRank(m);
  return m.raw !== null && (stored.raw_rank === null || rank > stored.raw_rank || (rank === stored.raw_rank && (stored.raw === null || m.raw > stored.raw)));
}

const json = (v: unknown): string | null => (v == null ? null : JSON.stringify(v));
const jsonList = (v: unknown[]): string | null => (v.length === 0 ? null : JSON.stringify(v));

/**
 * A message's content columns as both engines store them (text still plain: each engine
 * applies its own text codec). An edited message keeps no original text: its text is a revision.
 */
/** When the message was first stored anywhere we know of: the sender's own record, else this batch's clock. */
export const firstSeen = (m: Message, now: number): number => Math.min(now, m.receivedAt ?? now);

export function messageContent(m: Message, edited: boolean) {
  return {
    senderId: m.senderId,
    type: m.type,
    body: edited ? null : m.body,
    caption: edited ? null : m.caption,
    quotedId: m.quotedId,
    forwarded: m.forwarded ? 1 : 0,
    forwardingScore: m.forwardingScore,
    location: json(m.location),
    vcards: jsonList(m.vcards),
    links: jsonList(m.links),
    mentions: jsonList(m.mentions),
    hasMedia: m.hasMedia ? 1 : 0,
    subtype: m.subtype,
  };
}

export type MessageOp = 'upsertMessage' | 'ack' | 'edit' | 'revoke' | 'reaction';

export function messageDomain(db: Db, index: SearchIndex): { ops: Domain<MessageOp>; beginBatch(): void } {
  const s = statements(db, {
    get: `SELECT id, stub, body, caption, ack, raw_rank, raw FROM messages WHERE account_id = ? AND wa_id = ?`,
    // Insert first and learn from `changes` whether the message was new: the common case
    // costs one statement. Positional parameters and run(): binding two dozen named
    // parameters, or RETURNING, costs more than the insert itself.
    insert: `INSERT INTO messages (account_id, wa_id, chat_id, sort_key, sender_wa_id, from_me, type, body, caption, ts,
        received_at, ack, quoted_wa_id, forwarded, forwarding_score, location, vcards, links, mentions, has_media, subtype, stub, raw, raw_rank)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (account_id, wa_id) DO NOTHING`,
    pendingAckCount: 'SELECT count(*) AS n FROM pending_acks',
    pendingAckTake: 'DELETE FROM pending_acks WHERE account_id = ? AND msg_wa_id = ? RETURNING ack',
    pendingAckPut: `INSERT INTO pending_acks (account_id, msg_wa_id, ack) VALUES (?, ?, ?)
      ON CONFLICT DO UPDATE SET ack = max(ack, excluded.ack)`,
    fillContent: `UPDATE messages SET sender_wa_id = @senderId, type = @type, body = @body, caption = @caption,
        quoted_wa_id = @quotedId, forwarded = @forwarded, forwarding_score = @forwardingScore, location = @location,
        vcards = @vcards, links = @links, mentions = @mentions, has_media = @hasMedia, subtype = @subtype, stub = 0
      WHERE id = @rowId`,
    fillOriginal: 'UPDATE messages SET body = coalesce(body, ?), caption = coalesce(caption, ?) WHERE id = ?',
    ack: 'UPDATE messages SET ack = max(ack, ?) WHERE id = ?',
    raw: 'UPDATE messages SET raw = ?, raw_rank = ? WHERE id = ?',
    received: 'UPDATE messages SET received_at = min(received_at, ?) WHERE id = ?',
    revisionPut: `INSERT INTO revisions (account_id, msg_wa_id, edited_at, body) VALUES (?, ?, ?, ?)
      ON CONFLICT DO UPDATE SET body = excluded.body WHERE excluded.body > body`,
    revocationPut: `INSERT INTO revocations (account_id, msg_wa_id, scope, at, by_wa_id) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT DO UPDATE SET at = min(at, excluded.at),
        by_wa_id = max(coalesce(by_wa_id, excluded.by_wa_id), coalesce(excluded.by_wa_id, by_wa_id))`,
    reactionPut: `INSERT INTO reactions (account_id, msg_wa_id, sender_wa_id, emoji, at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT DO UPDATE SET emoji = excluded.emoji, at = excluded.at
      WHERE excluded.at > at OR (excluded.at = at AND excluded.emoji > emoji)`,
  });
  /** False once we know no ack waits for its message: new messages then skip that lookup. */
  let mayHavePendingAcks = true;

  function upsertMessage(ctx: ApplyContext, accountId: string, m: Message): void {
    const { now, result } = ctx;
    const chatRowId = ctx.chatRowId(accountId, m.chatId);
    // A revoked placeholder tells us only that the message existed and was revoked.
    const stub = m.type === 'revoked';
    if (stub) s.revocationPut.run(accountId, m.id, 'everyone', m.timestamp, null);
    const edited = m.editedAt !== null && !stub;
    if (edited) {
      const text = m.body ?? m.caption;
      if (text !== null) s.revisionPut.run(accountId, m.id, m.editedAt, toDb(text));
    }
    const plain = messageContent(m, edited);
    const original = { body: plain.body, caption: plain.caption };
    const content = { ...plain, body: toDb(plain.body), caption: toDb(plain.caption) };
    let sortKey = baseSortKey(m.timestamp, m.id);
    const row = (key: number) => [accountId, m.id, chatRowId, key, content.senderId, m.fromMe ? 1 : 0, content.type, content.body,
      content.caption, m.timestamp, firstSeen(m, now), m.ack, content.quotedId, content.forwarded, content.forwardingScore,
      content.location, content.vcards, content.links, content.mentions, content.hasMedia, content.subtype, stub ? 1 : 0, m.raw,
      rawRank(m)];
    let inserted: number | null = null;
    for (;;) {
      try {
        const info = s.insert.run(row(sortKey));
        inserted = info.changes > 0 ? Number(info.lastInsertRowid) : null;
        break;
      } catch (err) {
        // sort keys are time-ordered and nearly always free; on a collision take the next one
        const e = err as { code?: string; message?: string };
        if (e.code !== 'SQLITE_CONSTRAINT_UNIQUE' || !e.message?.includes('messages.sort_key')) throw err;
        sortKey++;
      }
    }
    if (inserted !== null) {
      if (mayHavePendingAcks) {
        const pending = s.pendingAckTake.get(accountId, m.id) as { ack: number } | undefined;
        if (pending && pending.ack > m.ack) s.ack.run(pending.ack, inserted);
      }
      ctx.noteNewest(chatRowId, m.timestamp, inserted, m.id);
      index.write(accountId, m.id, sortKey, chatRowId, m.senderId, original.body, original.caption);
      result.messagesInserted++;
      return;
    }
    const existing = s.get.get(accountId, m.id) as MessageRow;
    let reindex = false;
    if (existing.stub === 1 && !stub) {
      s.fillContent.run({ ...content, rowId: existing.id });
      reindex = true;
    } else if (!stub && ((existing.body === null && original.body !== null) || (existing.caption === null && original.caption !== null))) {
      s.fillOriginal.run(toDb(original.body), toDb(original.caption), existing.id);
      reindex = true;
    }
    if (m.ack > existing.ack) s.ack.run(m.ack, existing.id);
    if (replacesRaw(m, existing)) s.raw.run(m.raw, rawRank(m), existing.id);
    s.received.run(firstSeen(m, now), existing.id);
    if (edited) reindex = true;
    if (reindex) ctx.reindex(accountId, m.id);
    result.messagesUpdated++;
  }

  return {
    beginBatch() {
      if (mayHavePendingAcks) mayHavePendingAcks = (s.pendingAckCount.get() as { n: number }).n > 0;
    },
    ops: {
      upsertMessage: (ctx, op) => upsertMessage(ctx, op.accountId, op.message),
      ack(_ctx, op) {
        const row = s.get.get(op.accountId, op.messageId) as MessageRow | undefined;
        if (row) s.ack.run(op.ack, row.id);
        else {
          s.pendingAckPut.run(op.accountId, op.messageId, op.ack);
          mayHavePendingAcks = true;
        }
      },
      edit(ctx, op) {
        if (s.revisionPut.run(op.accountId, op.messageId, op.editedAt, toDb(op.body)).changes > 0) ctx.reindex(op.accountId, op.messageId);
      },
      revoke(_ctx, op) {
        s.revocationPut.run(op.accountId, op.messageId, op.scope, op.at, op.by);
      },
      reaction(_ctx, op) {
        s.reactionPut.run(op.accountId, op.messageId, op.senderId, op.emoji, op.at);
      },
    },
  };
}
