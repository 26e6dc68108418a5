import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { baseSortKey } from '../../src/core/archive/apply/messages';
import type { Sql } from '../../src/server/pg/db';
import { searchVector } from '../../src/server/pg/search-vector';
import { type CorpusShape, corpusMessage } from './corpus';

/**
 * A big team archive for search benchmarks, written straight into the team schema's own
 * tables with COPY (the applier at ~10k messages/s would make the benchmark a ten-minute
 * wait): the corpus's messages with the search rows the applier would write for them, the
 * same tokenizer, the same sort keys. Accounts are the corpus's, renamed to numbers.
 * The COPY reads files on the database server's side: `dir` must be readable by it.
 */

const esc = (v: string | number | null) => (v === null ? '\\N' : String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n'));
const number = (tag: string, a: number) => `86137${tag}${String(a).padStart(4, '0')}@c.us`;

export async function loadTeamArchive(sql: Sql, dir: string, shape: CorpusShape & { tag: string },
  progress: (done: number) => void = () => undefined): Promise<void> {
  const accountOf = (corpusAccount: string) => number(shape.tag, Number(corpusAccount.slice('bench-acc-'.length)));
  await sql(`INSERT INTO accounts (id, label, partition_id, created_at, me_wa_id)
    SELECT '86137' || $1 || lpad(a::text, 4, '0') || '@c.us', 'Load ' || a, 'p-load-' || $1 || a, 0, '86137' || $1 || lpad(a::text, 4, '0') || '@c.us'
    FROM generate_series(0, $2::int - 1) a ON CONFLICT DO NOTHING`, [shape.tag, shape.accounts]);
  const chats = new Map<string, number>();
  const CHUNK = 100_000;
  for (let from = 0; from < shape.messages; from += CHUNK) {
    const rows: Array<{ account: string; chat: string; m: ReturnType<typeof corpusMessage>['message'] }> = [];
    for (let i = from; i < Math.min(from + CHUNK, shape.messages); i++) {
      const { accountId, message } = corpusMessage(shape, i);
      rows.push({ account: accountOf(accountId), chat: message.chatId, m: { ...message, id: `${shape.tag}_${message.id}` } });
    }
    const missing = [...new Set(rows.map((r) => `${r.account} ${r.chat}`))].filter((k) => !chats.has(k));
    if (missing.length) {
      const added = await sql<{ id: number; account_id: string; wa_id: string }>(`INSERT INTO chats (account_id, wa_id, kind, known, last_seen_ts)
        SELECT split_part(k, ' ', 1), split_part(k, ' ', 2), 'direct', 1, 0 FROM unnest($1::text[]) k RETURNING id, account_id, wa_id`, [missing]);
      for (const c of added) chats.set(`${c.account_id} ${c.wa_id}`, c.id);
    }
    const msgFile = path.join(dir, 'load-messages.tsv');
    const searchFile = path.join(dir, 'load-search.tsv');
    writeFileSync(msgFile, `${rows.map(({ account, chat, m }) => [account, m.id, chats.get(`${account} ${chat}`)!, baseSortKey(m.timestamp, m.id),
      m.senderId ?? null, m.fromMe ? 1 : 0, 'chat', m.body ?? null, m.timestamp, m.timestamp, m.ack ?? 0].map(esc).join('\t')).join('\n')}\n`, { mode: 0o644 });
    writeFileSync(searchFile, `${rows.map(({ account, m }) => [account, m.id,
      searchVector({ body: m.body ?? null, caption: null, filename: null, revisions: [], translations: [] })].map(esc).join('\t')).join('\n')}\n`, { mode: 0o644 });
    await sql(`COPY messages (account_id, wa_id, chat_id, sort_key, sender_wa_id, from_me, type, body, ts, received_at, ack) FROM '${msgFile}'`);
    await sql('CREATE TEMP TABLE IF NOT EXISTS load_search (account_id text, wa_id text, tsv tsvector)');
    await sql('TRUNCATE load_search');
    await sql(`COPY load_search FROM '${searchFile}'`);
    await sql(`INSERT INTO message_search (message_id, account_id, chat_id, sort_key, tsv)
      SELECT m.id, m.account_id, m.chat_id, m.sort_key, s.tsv FROM load_search s JOIN messages m ON m.account_id = s.account_id AND m.wa_id = s.wa_id`);
    progress(Math.min(from + CHUNK, shape.messages));
  }
  await sql(`UPDATE chats c SET last_message_ts = x.ts, last_message_id = x.id, last_message_wa_id = x.wa_id
    FROM (SELECT DISTINCT ON (chat_id) chat_id, ts, id, wa_id FROM messages ORDER BY chat_id, sort_key DESC) x WHERE x.chat_id = c.id`);
  await sql('VACUUM ANALYZE messages');
  await sql('VACUUM ANALYZE message_search');
}
