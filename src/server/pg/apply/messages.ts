import type { Message } from '../../../core/archive/operations';
import type { PgApplyContext, PgDomain } from './context';
import { baseSortKey, rawRank } from './message-rules';

interface MessageRow {
  id: number;
  stub: number;
  body: string | null;
  caption: string | null;
  ack: number;
  raw_rank: string | null;
  raw: string | null;
}

const json = (v: unknown): string | null => (v == null ? null : JSON.stringify(v));
const jsonList = (v: unknown[]): string | null => (v.length === 0 ? null : JSON.stringify(v));

const REVISION_PUT = `INSERT INTO revisions AS r (account_id, msg_wa_id, edited_at, body) VALUES ($1, $2, $3, $4)
  ON CONFLICT (account_id, msg_wa_id, edited_at) DO UPDATE SET body = excluded.body WHERE excluded.body > r.body
  RETURNING 1`;
const REVOCATION_PUT = `INSERT INTO revocations AS r (account_id, msg_wa_id, scope, at, by_wa_id) VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (account_id, msg_wa_id, scope) DO UPDATE SET at = LEAST(r.at, excluded.at),
    by_wa_id = GREATEST(coalesce(r.by_wa_id, excluded.by_wa_id), coalesce(excluded.by_wa_id, r.by_wa_id))`;
const MSG_INSERT = `INSERT INTO messages (account_id, wa_id, chat_id, sort_key, sender_wa_id, from_me, type, body, caption, ts,
    received_at, ack, quoted_wa_id, forwarded, forwarding_score, location, vcards, links, mentions, has_media, subtype, stub, raw, raw_rank)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)
  ON CONFLICT DO NOTHING RETURNING id`;
const MSG_GET = 'SELECT id, stub, body, caption, ack, raw_rank, raw FROM messages WHERE account_id = $1 AND wa_id = $2';

async function upsertMessage(ctx: PgApplyContext, accountId: string, m: Message): Promise<void> {
  const { sql, now, result } = ctx;
  const chatRowId = await ctx.chatRowId(accountId, m.chatId);
  // A revoked placeholder tells us only that the message existed and was revoked.
  const stub = m.type === 'revoked';
  if (stub) await sql(REVOCATION_PUT, [accountId, m.id, 'everyone', m.timestamp, null]);
  const edited = m.editedAt !== null && !stub;
  if (edited) {
    const text = m.body ?? m.caption;
    if (text !== null) await sql(REVISION_PUT, [accountId, m.id, m.editedAt, text]);
  }
  const original = { body: edited ? null : m.body, caption: edited ? null : m.caption };
  const content = {
    senderId: m.senderId, type: m.type, body: original.body, caption: original.caption, quotedId: m.quotedId,
    forwarded: m.forwarded ? 1 : 0, forwardingScore: m.forwardingScore, location: json(m.location), vcards: jsonList(m.vcards),
    links: jsonList(m.links), mentions: jsonList(m.mentions), hasMedia: m.hasMedia ? 1 : 0, subtype: m.subtype,
  };
  let sortKey = baseSortKey(m.timestamp, m.id);
  let inserted: number | null = null;
  for (;;) {
    const rows = await sql<{ id: number }>(MSG_INSERT, [accountId, m.id, chatRowId, sortKey, content.senderId, m.fromMe ? 1 : 0,
      content.type, content.body, content.caption, m.timestamp, now, m.ack, content.quotedId, content.forwarded,
      content.forwardingScore, content.location, content.vcards, content.links, content.mentions, content.hasMedia,
      content.subtype, stub ? 1 : 0, m.raw, rawRank(m)]);
    if (rows[0]) {
      inserted = rows[0].id;
      break;
    }
    // Nothing inserted: the message exists, or its sort key is taken (time-ordered keys
    // nearly always are free; on a collision take the next one, as the local archive does).
    const exists = await sql(MSG_GET, [accountId, m.id]);
    if (exists.length > 0) break;
    sortKey++;
  }
  if (inserted !== null) {
    const pending = await sql<{ ack: number }>('DELETE FROM pending_acks WHERE account_id = $1 AND msg_wa_id = $2 RETURNING ack',
      [accountId, m.id]);
    if (pending[0] && pending[0].ack > m.ack) await sql('UPDATE messages SET ack = GREATEST(ack, $1) WHERE id = $2', [pending[0].ack, inserted]);
    ctx.noteNewest(chatRowId, m.timestamp, inserted, m.id);
    await ctx.reindex(accountId, m.id);
    result.messagesInserted++;
    return;
  }
  const existing = (await sql<MessageRow>(MSG_GET, [accountId, m.id]))[0];
  if (!existing) throw new Error(`message ${m.id} vanished inside its transaction`);
  let reindex = false;
  if (existing.stub === 1 && !stub) {
    await sql(`UPDATE messages SET sender_wa_id = $1, type = $2, body = $3, caption = $4, quoted_wa_id = $5, forwarded = $6,
        forwarding_score = $7, location = $8, vcards = $9, links = $10, mentions = $11, has_media = $12, subtype = $13, stub = 0
      WHERE id = $14`,
    [content.senderId, content.type, content.body, content.caption, content.quotedId, content.forwarded, content.forwardingScore,
      content.location, content.vcards, content.links, content.mentions, content.hasMedia, content.subtype, existing.id]);
    reindex = true;
  } else if (!stub && ((existing.body === null && original.body !== null) || (existing.caption === null && original.caption !== null))) {
    await sql('UPDATE messages SET body = coalesce(body, $1), caption = coalesce(caption, $2) WHERE id = $3',
      [original.body, original.caption, existing.id]);
    reindex = true;
  }
  if (m.ack > existing.ack) await sql('UPDATE messages SET ack = GREATEST(ack, $1) WHERE id = $2', [m.ack, existing.id]);
  const rank = rawRank(m);
  if (m.raw !== null && (existing.raw_rank === null || rank > existing.raw_rank ||
      (rank === existing.raw_rank && (existing.raw === null || m.raw > existing.raw)))) {
    await sql('UPDATE messages SET raw = $1, raw_rank = $2 WHERE id = $3', [m.raw, rank, existing.id]);
  }
  await sql('UPDATE messages SET received_at = LEAST(received_at, $1) WHERE id = $2', [now, existing.id]);
  if (edited) reindex = true;
  if (reindex) await ctx.reindex(accountId, m.id);
  result.messagesUpdated++;
}

export const messageOps: PgDomain<'upsertMessage' | 'ack' | 'edit' | 'revoke' | 'reaction'> = {
  upsertMessage: (ctx, op) => upsertMessage(ctx, op.accountId, op.message),
  async ack(ctx, op) {
    const updated = await ctx.sql('UPDATE messages SET ack = GREATEST(ack, $1) WHERE account_id = $2 AND wa_id = $3 RETURNING 1',
      [op.ack, op.accountId, op.messageId]);
    if (updated.length === 0) {
      await ctx.sql(`INSERT INTO pending_acks AS p (account_id, msg_wa_id, ack) VALUES ($1, $2, $3)
        ON CONFLICT (account_id, msg_wa_id) DO UPDATE SET ack = GREATEST(p.ack, excluded.ack)`, [op.accountId, op.messageId, op.ack]);
    }
  },
  async edit(ctx, op) {
    const changed = await ctx.sql(REVISION_PUT, [op.accountId, op.messageId, op.editedAt, op.body]);
    if (changed.length > 0) await ctx.reindex(op.accountId, op.messageId);
  },
  async revoke(ctx, op) {
    await ctx.sql(REVOCATION_PUT, [op.accountId, op.messageId, op.scope, op.at, op.by]);
  },
  async reaction(ctx, op) {
    await ctx.sql(`INSERT INTO reactions AS r (account_id, msg_wa_id, sender_wa_id, emoji, at) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (account_id, msg_wa_id, sender_wa_id) DO UPDATE SET emoji = excluded.emoji, at = excluded.at
      WHERE excluded.at > r.at OR (excluded.at = r.at AND excluded.emoji > r.emoji)`,
    [op.accountId, op.messageId, op.senderId, op.emoji, op.at]);
  },
};
