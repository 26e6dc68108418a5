import type { Message } from '../../../core/archive/operations';
import type { PgApplyContext, PgDomain } from './context';
import { searchVector } from '../search-vector';
import { toPg } from '../text';
import { baseSortKey, firstSeen, messageContent, rawRank, replacesRaw } from './message-rules';

interface MessageRow {
  id: number;
  stub: number;
  body: string | null;
  caption: string | null;
  ack: number;
  raw_rank: string | null;
  raw: string | null;
}


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
  const content = messageContent(m, edited);
  const original = { body: content.body, caption: content.caption };
  let sortKey = baseSortKey(m.timestamp, m.id);
  let inserted: number | null = null;
  for (;;) {
    const rows = await sql<{ id: number }>(MSG_INSERT, [accountId, m.id, chatRowId, sortKey, content.senderId, m.fromMe ? 1 : 0,
      content.type, content.body, content.caption, m.timestamp, firstSeen(m, now), m.ack, content.quotedId, content.forwarded,
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
  if (replacesRaw(m, existing)) await sql('UPDATE messages SET raw = $1, raw_rank = $2 WHERE id = $3', [m.raw, rawRank(m), existing.id]);
  await sql('UPDATE messages SET received_at = $1 WHERE id = $2 AND received_at > $1', [firstSeen(m, now), existing.id]);
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

const keyOf = (accountId: string, waId: string) => `${accountId}\u0000${waId}`;

const MESSAGE_COLUMNS = ['account_id', 'wa_id', 'chat_id', 'sort_key', 'sender_wa_id', 'from_me', 'type', 'body', 'caption', 'ts',
  'received_at', 'ack', 'quoted_wa_id', 'forwarded', 'forwarding_score', 'location', 'vcards', 'links', 'mentions', 'has_media', 'subtype',
  'stub', 'raw', 'raw_rank'] as const;

// Rows travel as one JSON parameter: PostgreSQL parses it in C, where the driver would
// escape every element of two dozen arrays in JavaScript (the server's main cost per message).
const BULK_INSERT = `INSERT INTO messages (${MESSAGE_COLUMNS.join(', ')})
  SELECT ${MESSAGE_COLUMNS.join(', ')} FROM json_populate_recordset(null::messages, $1::json)
  ON CONFLICT DO NOTHING RETURNING id, account_id, wa_id, sort_key, chat_id`;

/**
 * A run of new messages in a few statements instead of five per message: one multi-row
 * insert, one look for acks that arrived first, one read of what else is searchable (edits,
 * filenames, translations that came before the message) and one insert of the search rows.
 * What the fast path cannot decide alone — a message already stored, a sort key taken, a
 * revoked placeholder, an edited message — goes through `upsertMessage` one by one, after
 * the run; the rules are order-independent, so the result is the one-by-one result.
 */
export async function upsertMessages(ctx: PgApplyContext, ops: ReadonlyArray<{ accountId: string; message: Message }>): Promise<void> {
  const { sql, now, result } = ctx;
  const simple = (o: { message: Message }) => o.message.type !== 'revoked' && o.message.editedAt === null;
  const fast = ops.filter(simple);
  const slow = ops.filter((o) => !simple(o));
  const rows: Array<Record<string, unknown>> = [];
  const byKey = new Map<string, { accountId: string; message: Message }>();
  await ctx.knownChats(fast.map((o) => ({ accountId: o.accountId, chatId: o.message.chatId })));
  for (const o of fast) {
    const m = o.message;
    const chatRowId = await ctx.chatRowId(o.accountId, m.chatId);
    byKey.set(keyOf(o.accountId, m.id), o);
    const c = messageContent(m, false);
    const row = [o.accountId, m.id, chatRowId, baseSortKey(m.timestamp, m.id), c.senderId, m.fromMe ? 1 : 0, c.type, c.body, c.caption,
      m.timestamp, firstSeen(m, now), m.ack, c.quotedId, c.forwarded, c.forwardingScore, c.location, c.vcards, c.links, c.mentions, c.hasMedia, c.subtype,
      0, m.raw, rawRank(m)];
    rows.push(Object.fromEntries(MESSAGE_COLUMNS.map((k, i) => [k, typeof row[i] === 'string' ? toPg(row[i]) : row[i]])));
  }
  const inserted = fast.length
    ? await sql<{ id: number; account_id: string; wa_id: string; sort_key: number; chat_id: number }>(BULK_INSERT, [JSON.stringify(rows)])
    : [];
  const done = new Set(inserted.map((r) => keyOf(r.account_id, r.wa_id)));
  if (inserted.length) {
    const accounts = inserted.map((r) => toPg(r.account_id));
    const waIds = inserted.map((r) => toPg(r.wa_id));
    const pending = await sql<{ account_id: string; msg_wa_id: string; ack: number }>(`DELETE FROM pending_acks
      WHERE (account_id, msg_wa_id) IN (SELECT * FROM unnest($1::text[], $2::text[])) RETURNING account_id, msg_wa_id, ack`, [accounts, waIds]);
    const rowOf = new Map(inserted.map((r) => [keyOf(r.account_id, r.wa_id), r]));
    for (const p of pending) {
      const o = byKey.get(keyOf(p.account_id, p.msg_wa_id));
      const r = rowOf.get(keyOf(p.account_id, p.msg_wa_id));
      if (o && r && p.ack > o.message.ack) await sql('UPDATE messages SET ack = GREATEST(ack, $1) WHERE id = $2', [p.ack, r.id]);
    }
    const sources = await sql<{ account_id: string; msg_wa_id: string; k: 'r' | 'f' | 't'; v: string | null; o: string }>(`
      SELECT account_id, msg_wa_id, 'r' AS k, body AS v, lpad(edited_at::text, 20, '0') AS o FROM revisions
        WHERE (account_id, msg_wa_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
      UNION ALL SELECT account_id, msg_wa_id, 'f', filename, '' FROM message_media
        WHERE (account_id, msg_wa_id) IN (SELECT * FROM unnest($1::text[], $2::text[])) AND filename IS NOT NULL
      UNION ALL SELECT account_id, msg_wa_id, 't', text, lang FROM message_translations
        WHERE (account_id, msg_wa_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`, [accounts, waIds]);
    const more = new Map<string, typeof sources>();
    for (const s of sources.sort((a, b) => (a.o < b.o ? -1 : a.o > b.o ? 1 : 0))) {
      const k = keyOf(s.account_id, s.msg_wa_id);
      more.set(k, [...(more.get(k) ?? []), s]);
    }
    const search: Array<{ message_id: number; account_id: string; chat_id: number; sort_key: number; tsv: string }> = [];
    for (const r of inserted) {
      const o = byKey.get(keyOf(r.account_id, r.wa_id))!;
      const extra = more.get(keyOf(r.account_id, r.wa_id)) ?? [];
      ctx.noteNewest(r.chat_id, o.message.timestamp, r.id, r.wa_id);
      const vector = searchVector({
        body: o.message.body, caption: o.message.caption,
        filename: extra.find((s) => s.k === 'f')?.v ?? null,
        revisions: extra.filter((s) => s.k === 'r').map((s) => s.v ?? ''),
        translations: extra.filter((s) => s.k === 't').map((s) => s.v ?? ''),
      });
      search.push({ message_id: r.id, account_id: toPg(r.account_id), chat_id: r.chat_id, sort_key: r.sort_key, tsv: vector });
    }
    await sql(`INSERT INTO message_search (message_id, account_id, chat_id, sort_key, tsv)
      SELECT message_id, account_id, chat_id, sort_key, tsv FROM json_populate_recordset(null::message_search, $1::json)
      ON CONFLICT (message_id) DO UPDATE SET tsv = excluded.tsv`, [JSON.stringify(search)]);
    result.messagesInserted += inserted.length;
  }
  const again = await settleStored(ctx, fast.filter((x) => !done.has(keyOf(x.accountId, x.message.id))));
  for (const o of [...again, ...slow]) await upsertMessage(ctx, o.accountId, o.message);
}

/**
 * Messages the bulk insert found already stored (a history page sent again, the same
 * message from two PCs): read in one statement, and when all that changes is the
 * delivery state or an earlier first sighting, settled in one more. Anything else
 * (a placeholder filled in, missing text, a better raw copy, a taken sort key) is
 * returned for `upsertMessage`, which decides it exactly as for a single message.
 */
async function settleStored(ctx: PgApplyContext, ops: ReadonlyArray<{ accountId: string; message: Message }>):
  Promise<Array<{ accountId: string; message: Message }>> {
  if (!ops.length) return [];
  const { sql, now, result } = ctx;
  const rows = await sql<MessageRow & { account_id: string; wa_id: string; received_at: number }>(`SELECT id, account_id, wa_id, stub, body,
      caption, ack, raw_rank, raw, received_at FROM messages WHERE (account_id, wa_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
  [ops.map((o) => toPg(o.accountId)), ops.map((o) => toPg(o.message.id))]);
  const stored = new Map(rows.map((r) => [keyOf(r.account_id, r.wa_id), r]));
  const again: Array<{ accountId: string; message: Message }> = [];
  const ids: number[] = [];
  const acks: number[] = [];
  const seen: number[] = [];
  for (const o of ops) {
    const m = o.message;
    const e = stored.get(keyOf(o.accountId, m.id));
    const c = messageContent(m, false);
    if (!e || e.stub === 1 || (e.body === null && c.body !== null) || (e.caption === null && c.caption !== null) || replacesRaw(m, e)) {
      again.push(o);
      continue;
    }
    const first = firstSeen(m, now);
    if (m.ack > e.ack || first < e.received_at) {
      ids.push(e.id);
      acks.push(m.ack);
      seen.push(first);
    }
    result.messagesUpdated++;
  }
  if (ids.length) {
    await sql(`UPDATE messages m SET ack = GREATEST(m.ack, v.ack), received_at = LEAST(m.received_at, v.seen)
      FROM unnest($1::bigint[], $2::int[], $3::bigint[]) AS v(id, ack, seen) WHERE m.id = v.id`, [ids, acks, seen]);
  }
  return again;
}
