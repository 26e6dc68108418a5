// npm run bench:archive [-- --messages N]
// Ingest through the real archive writer versus plain prepared inserts into the same schema
// and FTS (the physical limit of this design), then query latencies and cold open time.
// Progress goes to stderr; the last stdout line is one JSON object.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BatchApplier } from '../src/core/archive/apply/apply-batch';
import { Archive } from '../src/core/archive/archive';
import { ftsRowid, metaText } from '../src/core/archive/fts-index';
import { generateKey, staticKeyProvider } from '../src/core/archive/key';
import { openDatabase } from '../src/core/archive/open';
import { ArchiveBatch } from '../src/core/archive/operations';
import { indexText } from '../src/core/archive/search-text';
import { bundleForBench } from './lib/bundle';
import { type CorpusShape, accountId, chatIdOf, corpusMessage, messageBatch, rng, searchQueries, setupOps } from './lib/corpus';
import { argValue, percentile, round, timed } from './lib/stats';

const shape: CorpusShape = { messages: argValue('messages', 1_000_000), accounts: 20, chats: 5000 };
// Backfill writes a chat's history in large batches; the limit below uses large transactions too.
const BATCH = 25_000;
const log = (s: string) => process.stderr.write(`${s}\n`);
const work = mkdtempSync(path.join(tmpdir(), 'sb-bench-archive-'));
const key = generateKey();

async function ingest(): Promise<{ seconds: number; archive: Archive; file: string }> {
  const { archive, paths } = await Archive.openProfile(path.join(work, 'profile'), staticKeyProvider(key), { create: true });
  await archive.write(setupOps(shape));
  const t = performance.now();
  let inFlight: Promise<unknown> = Promise.resolve();
  for (let from = 0; from < shape.messages; from += BATCH) {
    const next = archive.write(messageBatch(shape, from, from + BATCH));
    await inFlight; // keep one batch queued behind the one being written
    inFlight = next;
    if ((from / BATCH) % 20 === 0) log(`ingest ${from.toLocaleString()} / ${shape.messages.toLocaleString()}`);
  }
  await inFlight;
  return { seconds: (performance.now() - t) / 1000, archive, file: paths.db };
}

/** Same rows, same schema and FTS input, plain prepared statements in big transactions. */
function sqliteLimit(): number {
  const db = openDatabase(path.join(work, 'limit.db'), key, { create: true, migrate: true });
  new BatchApplier(db).apply(ArchiveBatch.parse(setupOps(shape)));
  const chatRow = new Map<string, number>();
  const addChat = db.prepare('INSERT INTO chats (account_id, wa_id, kind) VALUES (?, ?, ?) RETURNING id');
  for (let c = 0; c < shape.chats; c++) {
    const row = addChat.get(accountId(c % shape.accounts), chatIdOf(c), 'direct') as { id: number };
    chatRow.set(chatIdOf(c), row.id);
  }
  // The same columns the archive writes, so the rows are the same rows.
  const insert = db.prepare(`INSERT INTO messages (account_id, wa_id, chat_id, sort_key, sender_wa_id, from_me, type, body, caption, ts,
      received_at, ack, quoted_wa_id, forwarded, forwarding_score, location, vcards, links, mentions, has_media, subtype, stub, raw, raw_rank)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const fts = db.prepare('INSERT INTO message_fts (rowid, text, meta) VALUES (?, ?, ?)');
  const t = performance.now();
  const chunk = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const { accountId: acc, message: m } = corpusMessage(shape, i);
      const chat = chatRow.get(m.chatId)!;
      const sortKey = m.timestamp * 1024 + (i % 1024);
      insert.run(acc, m.id, chat, sortKey, m.senderId, m.fromMe ? 1 : 0, m.type, m.body, null, m.timestamp, m.timestamp, m.ack ?? 0,
        null, 0, 0, null, null, null, null, 0, null, 0, null, null);
      fts.run(ftsRowid(sortKey), indexText([m.body ?? '']), metaText(acc, chat, m.senderId ?? null));
    }
  });
  for (let from = 0; from < shape.messages; from += 50_000) chunk(from, Math.min(from + 50_000, shape.messages));
  const seconds = (performance.now() - t) / 1000;
  db.close();
  return seconds;
}

async function queries(archive: Archive) {
  const r = rng(99);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const busyChats = Array.from({ length: 20 }, (_, c) => ({ accountId: accountId(c % shape.accounts), chatId: chatIdOf(c) }));
  const year = 365 * 86_400_000;
  const search: number[] = [];
  for (const [i, q] of searchQueries(240).entries()) {
    const filter = i % 4 === 0 ? {} : i % 4 === 1 ? { accountIds: [accountId(Math.floor(r() * shape.accounts))] }
      : i % 4 === 2 ? { from: Date.UTC(2024, 0, 1), to: Date.UTC(2024, 0, 1) + year } : { chat: pick(busyChats), kinds: ['direct' as const] };
    const [ms] = await timed(() => archive.query('search', { query: q, limit: 50, ...filter }));
    search.push(ms);
  }
  const thread: number[] = [];
  for (let i = 0; i < 200; i++) {
    const chat = i % 2 === 0 ? pick(busyChats) : { accountId: accountId(i % shape.accounts), chatId: chatIdOf(Math.floor(r() * shape.chats)) };
    const [ms, page] = await timed(() => archive.query('thread', { ...chat, limit: 50 }));
    thread.push(ms);
    const first = page.messages[0];
    if (first) thread.push((await timed(() => archive.query('thread', { ...chat, before: first.sortKey, limit: 50 })))[0]);
  }
  const chatList: number[] = [];
  for (let i = 0; i < 100; i++) {
    const args = i % 3 === 0 ? { limit: 100 } : i % 3 === 1 ? { limit: 100, unreadOnly: true } : { limit: 100, accountIds: [accountId(i % shape.accounts)] };
    chatList.push((await timed(() => archive.query('chatList', args)))[0]);
  }
  return { search, thread, chatList };
}

async function coldOpen(file: string): Promise<number> {
  const outdir = await bundleForBench({ 'open-probe': 'bench/lib/open-probe.ts' });
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const out = execFileSync(process.execPath, [path.join(outdir, 'open-probe.js'), file, key.toString('hex')], { encoding: 'utf8' });
    runs.push((JSON.parse(out.trim().split('\n').at(-1)!) as { open_ms: number }).open_ms);
  }
  return percentile(runs, 50);
}

try {
  log(`archive benchmark: ${shape.messages.toLocaleString()} messages, ${shape.accounts} accounts, ${shape.chats} chats in ${work}`);
  const { seconds: ingestSeconds, archive, file } = await ingest();
  log(`ingest done in ${ingestSeconds.toFixed(1)} s; measuring queries`);
  const q = await queries(archive);
  await archive.close();
  log('measuring the plain-insert limit');
  const limitSeconds = sqliteLimit();
  log('measuring cold open');
  const openMs = await coldOpen(file);
  const ingestRate = shape.messages / ingestSeconds;
  const limitRate = shape.messages / limitSeconds;
  const result = {
    messages: shape.messages,
    accounts: shape.accounts,
    chats: shape.chats,
    ingest_msgs_per_s: Math.round(ingestRate),
    sqlite_limit_msgs_per_s: Math.round(limitRate),
    ingest_ratio: round(ingestRate / limitRate, 3),
    search_queries: q.search.length,
    search_p50_ms: round(percentile(q.search, 50)),
    search_p95_ms: round(percentile(q.search, 95)),
    thread_page_p95_ms: round(percentile(q.thread, 95)),
    chat_list_p95_ms: round(percentile(q.chatList, 95)),
    ingest_batch: BATCH,
    open_ms: round(openMs, 1),
    db_bytes: statSync(file).size,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
