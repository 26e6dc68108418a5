import type { BatchResult } from '../../core/archive/apply/apply-batch';
import type { ArchiveOp } from '../../core/archive/operations';
import { chatKindOf } from '../../shared/vocabulary';
import { inTransaction, type Pool, type Sql } from './db';
import type { PgApplyContext } from './apply/context';
import { upsertMessages } from './apply/messages';
import { pgAppliers } from './apply/registry';
import { searchVector } from './search-vector';
import { fromPg, pgParams, toPg } from './text';

/**
 * Applies archive operations to the team archive in PostgreSQL with the local archive's
 * rules (src/core/archive/apply): the same vocabulary, one applier per domain, the batch's
 * transaction, its clock and the end-of-batch chat update here. The caller owns the
 * transaction, so the server can record the device's acknowledged sequence in it too.
 *
 * Concurrency: several server instances may apply batches at once. Each batch first takes
 * a transaction-scoped advisory lock per account it touches (in a fixed order: no
 * deadlocks), which makes every read-then-write rule (media join, group replay, sort-key
 * probing) as serial as it is in the single local writer.
 */

/** Strings in through the text codec, strings out decoded: domains see plain JS strings. */
function codecSql(sql: Sql): Sql {
  return async <R,>(text: string, values?: unknown[]) => {
    const rows = await sql<Record<string, unknown>>(text, pgParams(values));
    for (const row of rows) {
      for (const k of Object.keys(row)) if (typeof row[k] === 'string') row[k] = fromPg(row[k]);
    }
    return rows as R[];
  };
}

function accountOf(op: ArchiveOp): string | null {
  return 'accountId' in op ? op.accountId : null;
}

export interface PgApplyOptions {
  now?: number;
  /** Whose audit chain 'audit' operations extend (the device); default 'local'. */
  origin?: string;
}

export async function applyBatchInTransaction(rawSql: Sql, ops: readonly ArchiveOp[], options: PgApplyOptions = {}): Promise<BatchResult> {
  const sql = codecSql(rawSql);
  const now = options.now ?? Date.now();
  const origin = options.origin ?? 'local';
  const result: BatchResult = { ops: ops.length, messagesInserted: 0, messagesUpdated: 0 };
  const accounts = [...new Set(ops.map(accountOf).filter((a): a is string => a !== null))].sort();
  for (const a of accounts) await sql('SELECT pg_advisory_xact_lock(hashtext($1))', [`account:${a}`]);

  const chatIds = new Map<string, number>();
  const newest = new Map<number, { ts: number; rowId: number; waId: string }>();
  const ctx: PgApplyContext = {
    sql,
    now,
    result,
    async chatRowId(accountId, chatId) {
      const key = `${accountId}\u0000${chatId}`;
      if (!chatIds.has(key)) await ctx.knownChats([{ accountId, chatId }]);
      const id = chatIds.get(key);
      if (id === undefined) throw new Error(`chat ${chatId} could not be created`);
      return id;
    },
    // one way to find or create chats, for one or a batch's worth
    async knownChats(pairs) {
      const want = new Map<string, { accountId: string; chatId: string }>();
      for (const p of pairs) {
        const key = `${p.accountId}\u0000${p.chatId}`;
        if (!chatIds.has(key)) want.set(key, p);
      }
      if (!want.size) return;
      const find = async (list: Array<{ accountId: string; chatId: string }>) => {
        for (const r of await sql<{ id: number; account_id: string; wa_id: string }>(`SELECT id, account_id, wa_id FROM chats
            WHERE (account_id, wa_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`, [list.map((p) => toPg(p.accountId)), list.map((p) => toPg(p.chatId))])) {
          chatIds.set(`${r.account_id}\u0000${r.wa_id}`, r.id);
        }
      };
      await find([...want.values()]);
      const missing = [...want].filter(([key]) => !chatIds.has(key)).map(([, p]) => p);
      if (!missing.length) return;
      // created as chatRowId would, all in one statement (another PC's push may create one first: DO NOTHING, then read)
      await sql(`INSERT INTO chats (account_id, wa_id, kind, last_seen_ts) SELECT a, w, k, $4 FROM unnest($1::text[], $2::text[], $3::text[]) AS v(a, w, k)
        ORDER BY a, w ON CONFLICT DO NOTHING`, [missing.map((p) => toPg(p.accountId)), missing.map((p) => toPg(p.chatId)), missing.map((p) => chatKindOf(p.chatId)), now]);
      await find(missing);
    },
    async reindex(accountId, waId) {
      const msg = (await sql<{ id: number; chat_id: number; sort_key: number; body: string | null; caption: string | null }>(
        'SELECT id, chat_id, sort_key, body, caption FROM messages WHERE account_id = $1 AND wa_id = $2', [accountId, waId]))[0];
      if (!msg) return;
      const sources = await sql<{ k: string; v: string | null }>(`
        SELECT * FROM (SELECT 'r' AS k, body AS v FROM revisions WHERE account_id = $1 AND msg_wa_id = $2 ORDER BY edited_at) r
        UNION ALL SELECT 'f', filename FROM message_media WHERE account_id = $1 AND msg_wa_id = $2 AND filename IS NOT NULL
        UNION ALL SELECT * FROM (SELECT 't', text FROM message_translations WHERE account_id = $1 AND msg_wa_id = $2 ORDER BY lang) t`,
      [accountId, waId]);
      const vector = searchVector({
        body: msg.body,
        caption: msg.caption,
        filename: sources.find((s) => s.k === 'f')?.v ?? null,
        revisions: sources.filter((s) => s.k === 'r').map((s) => s.v ?? ''),
        translations: sources.filter((s) => s.k === 't').map((s) => s.v ?? ''),
      });
      await sql(`INSERT INTO message_search (message_id, account_id, chat_id, sort_key, tsv) VALUES ($1, $2, $3, $4, $5::tsvector)
        ON CONFLICT (message_id) DO UPDATE SET tsv = excluded.tsv`, [msg.id, accountId, msg.chat_id, msg.sort_key, vector]);
    },
    noteNewest(chatRowId, ts, rowId, waId) {
      const last = newest.get(chatRowId);
      if (!last || ts > last.ts || (ts === last.ts && waId > last.waId)) newest.set(chatRowId, { ts, rowId, waId });
    },
  };

  const appliers = pgAppliers(() => origin);
  for (let i = 0; i < ops.length;) {
    // messages take the bulk path, a run or a single live one: fewer round trips either way
    let j = i;
    while (j < ops.length && ops[j]!.op === 'upsertMessage') j++;
    if (j > i) {
      await upsertMessages(ctx, ops.slice(i, j) as Array<Extract<ArchiveOp, { op: 'upsertMessage' }>>);
      i = j;
      continue;
    }
    const op = ops[i++]!;
    await (appliers[op.op] as (c: PgApplyContext, o: ArchiveOp) => Promise<void>)(ctx, op);
  }
  if (newest.size) {
    const rows = [...newest].sort((a, b) => a[0] - b[0]);
    await sql(`UPDATE chats c SET last_message_ts = v.ts, last_message_id = v.row_id, last_message_wa_id = v.wa_id
      FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[]) AS v(id, ts, row_id, wa_id)
      WHERE c.id = v.id AND (c.last_message_ts IS NULL OR c.last_message_ts < v.ts OR (c.last_message_ts = v.ts AND c.last_message_wa_id < v.wa_id))`,
    [rows.map(([id]) => id), rows.map(([, l]) => l.ts), rows.map(([, l]) => l.rowId), rows.map(([, l]) => toPg(l.waId))]);
  }
  return result;
}

/** One batch in its own transaction: nothing is written if any operation fails. */
export function applyBatch(pool: Pool, ops: readonly ArchiveOp[], options: PgApplyOptions = {}): Promise<BatchResult> {
  return inTransaction(pool, (sql) => applyBatchInTransaction(sql, ops, options));
}
