// npm run bench:team [-- --upload N --desktops D --per-desktop M --live-rounds R --search-total S]
// The team server with a real PostgreSQL (a private cluster, default settings, fsync on), a
// server in its own process, and desktops that are real archives with real Replicators:
// - initial_upload_msgs_per_s: one desktop's existing history uploaded after enrollment;
// - server_ingest_msgs_per_s: D desktops push their outboxes at once; against
//   pg_copy_limit_msgs_per_s, the same rows COPYed into copies of the same tables and indexes;
// - replication_lag_p99_ms: live messages from every desktop, commit → visible in a server query;
// - team_search_p95_ms: mixed queries (Chinese 2-character words, English and Spanish words,
//   prefixes, numbers) over S messages (default 2,000,000: what the desktops sent, plus the
//   corpus written straight into the tables for 100 more accounts), newest 50, run as the
//   console runs them (an admin's read-only transaction under row-level security);
// - server_rss_mb: the server process's peak resident memory.
// Progress goes to stderr; the last stdout line is one JSON object.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Archive } from '../src/core/archive/archive';
import { baseSortKey } from '../src/core/archive/apply/messages';
import { generateKey, staticKeyProvider } from '../src/core/archive/key';
import { enroll } from '../src/core/team/enrollment';
import { Replicator } from '../src/core/team/replicator';
import { asViewer } from '../src/server/pg/access';
import { createPool, type Sql } from '../src/server/pg/db';
import { startLocalCluster } from '../src/server/pg/local-cluster';
import { pgSearch } from '../src/server/pg/read/search';
import { searchVector } from '../src/server/pg/search-vector';
import { createEnrollmentCode } from '../src/server/team/accounts';
import { initTeamServer } from '../src/server/team-server';
import { startServerProcess } from '../tests/helpers/team-server';
import { type CorpusShape, corpusMessage, messageBatch, searchQueries } from './lib/corpus';
import { argValue, percentile, round } from './lib/stats';
import { loadTeamArchive } from './lib/team-load';

const UPLOAD = argValue('upload', 200_000);
const DESKTOPS = argValue('desktops', 20);
const PER_DESKTOP = argValue('per-desktop', 2_500);
const LIVE_ROUNDS = argValue('live-rounds', 10);
const SEARCH_TOTAL = argValue('search-total', 2_000_000);
const log = (s: string) => process.stderr.write(`${s}\n`);
const work = mkdtempSync(path.join(tmpdir(), 'sb-bench-team-'));
// the COPY below reads its files from the database server's side (it runs as the postgres user)
chmodSync(work, 0o755);

interface Desktop { archive: Archive; keys: ReturnType<typeof staticKeyProvider>; rep?: Replicator }

async function desktop(n: number): Promise<Desktop> {
  const keys = staticKeyProvider(generateKey());
  mkdirSync(path.join(work, `d${n}`));
  const archive = await Archive.open({ file: path.join(work, `d${n}`, 'archive.db'), keys, create: true });
  return { archive, keys };
}

/** Desktop n's accounts: the corpus's accounts renamed per desktop, each with its own WhatsApp number. */
function accountsOf(n: number, shape: CorpusShape) {
  const ops = [];
  for (let a = 0; a < shape.accounts; a++) {
    const accountId = `bench-acc-${a}`;
    ops.push({ op: 'createAccount' as const, accountId, label: `D${n} Sales ${a + 1}`, partitionId: `p-${n}-${a}` });
    ops.push({ op: 'patchAccount' as const, accountId, meId: `86139${String(n).padStart(4, '0')}${String(a).padStart(4, '0')}@c.us` });
  }
  return ops;
}

async function main() {
  log('starting a private PostgreSQL cluster…');
  const cluster = await startLocalCluster({ dataDir: path.join(work, 'pg') });
  const { adminId } = await initTeamServer(cluster.url, { login: 'admin', name: 'Admin' });
  const server = await startServerProcess(cluster.url, 0);
  const pool = createPool(cluster.url, 4);
  const sql: Sql = async <R,>(text: string, values?: unknown[]) => (await pool.query(text, values)).rows as R[];
  const join = async (d: Desktop) => enroll(d.archive, d.keys, { serverUrl: server.url, code: await createEnrollmentCode(pool, adminId, 'bench'), deviceName: 'bench' });
  try {
    // ---- initial upload of existing history
    const uploadShape: CorpusShape = { messages: UPLOAD, accounts: 5, chats: 500, seed: 3 };
    const u = await desktop(0);
    await u.archive.write(accountsOf(0, uploadShape));
    for (let from = 0; from < UPLOAD; from += 10_000) await u.archive.write(messageBatch(uploadShape, from, from + 10_000));
    log(`  ${UPLOAD.toLocaleString()} messages in the desktop's archive`);
    log(`initial upload of ${UPLOAD.toLocaleString()} messages…`);
    const uploadEnrollment = await join(u);
    let t = performance.now();
    await new Replicator({ archive: u.archive, enrollment: uploadEnrollment }).drain();
    const uploadSeconds = (performance.now() - t) / 1000;
    await u.archive.close();

    // ---- D desktops push their outboxes at once
    const shape: CorpusShape = { messages: PER_DESKTOP, accounts: 5, chats: 200, seed: 5 };
    const desktops: Desktop[] = [];
    for (let n = 1; n <= DESKTOPS; n++) {
      const d = await desktop(n);
      await d.archive.write(accountsOf(n, shape));
      const e = await join(d);
      d.rep = new Replicator({ archive: d.archive, enrollment: e, idleMs: 200 });
      // enrolled first, so these go through the outbox as live batches
      for (let from = 0; from < PER_DESKTOP; from += 500) {
        await d.archive.write(messageBatch({ ...shape, seed: 100 + n }, from, from + 500));
      }
      desktops.push(d);
    }
    const total = DESKTOPS * PER_DESKTOP;
    log(`${DESKTOPS} desktops push ${total.toLocaleString()} messages…`);
    t = performance.now();
    await Promise.all(desktops.map((d) => d.rep!.drain()));
    const ingestSeconds = (performance.now() - t) / 1000;

    // ---- the same rows COPYed into copies of the same tables and indexes
    log('COPY limit…');
    const copySeconds = await copyLimit(sql, cluster.url, shape, desktops.length);

    // ---- live traffic: commit → visible on the server
    log('live traffic…');
    for (const d of desktops) d.rep!.start();
    const lags: number[] = [];
    for (let round = 0; round < LIVE_ROUNDS; round++) {
      await Promise.all(desktops.map(async (d, n) => {
        const id = `live_${n}_${round}`;
        const chatId = '8613800000001@c.us';
        await d.archive.write([{ op: 'upsertMessage', accountId: 'bench-acc-0', message: {
          id, chatId, senderId: chatId, fromMe: false, type: 'chat', body: `live ${round} from ${n}`, timestamp: Date.now() } }]);
        const committed = performance.now();
        d.rep!.nudge();
        for (;;) {
          if ((await sql('SELECT 1 FROM messages WHERE wa_id = $1', [id])).length) break;
          await new Promise((r) => setTimeout(r, 5));
        }
        lags.push(performance.now() - committed);
      }));
    }
    await Promise.all(desktops.map((d) => d.rep!.stop()));

    // ---- search over a big team archive
    const sent = Number((await sql<{ n: string }>('SELECT count(*) AS n FROM messages'))[0]!.n);
    if (SEARCH_TOTAL > sent) {
      log(`writing ${(SEARCH_TOTAL - sent).toLocaleString()} more messages of 100 accounts into the tables…`);
      const session = await pool.connect();
      try {
        const one: Sql = async <R,>(text: string, values?: unknown[]) => (await session.query(text, values)).rows as R[];
        await loadTeamArchive(one, work, { messages: SEARCH_TOTAL - sent, accounts: 100, chats: 5000, seed: 21, tag: '9' },
          (n) => log(`  ${n.toLocaleString()}`));
      } finally {
        session.release();
      }
    }
    const onServer = Number((await sql<{ n: string }>('SELECT count(*) AS n FROM messages'))[0]!.n);
    log(`search over ${onServer.toLocaleString()} messages…`);
    const times: number[] = [];
    for (const query of searchQueries(240)) {
      const s = performance.now();
      await asViewer(pool, adminId, (viewer) => pgSearch(viewer, { query, limit: 50 }));
      times.push(performance.now() - s);
    }
    const rss = serverRssMb(server.child.pid!);

    for (const d of desktops) await d.archive.close();
    const result = {
      bench: 'team',
      initial_upload_messages: UPLOAD,
      initial_upload_msgs_per_s: Math.round(UPLOAD / uploadSeconds),
      desktops: DESKTOPS,
      server_ingest_messages: total,
      server_ingest_msgs_per_s: Math.round(total / ingestSeconds),
      pg_copy_limit_msgs_per_s: Math.round(total / copySeconds),
      ingest_ratio: round((total / ingestSeconds) / (total / copySeconds), 3),
      replication_lag_samples: lags.length,
      replication_lag_p50_ms: round(percentile(lags, 50), 1),
      replication_lag_p99_ms: round(percentile(lags, 99), 1),
      team_search_messages: onServer,
      team_search_queries: times.length,
      team_search_p50_ms: round(percentile(times, 50), 2),
      team_search_p95_ms: round(percentile(times, 95), 2),
      server_rss_mb: rss,
      targets: { ingest_ratio: 0.5, replication_lag_p99_ms: 2000, team_search_p95_ms: 50, initial_upload_msgs_per_s: 10_000 },
    };
    await server.stop();
    await pool.end();
    await cluster.stop();
    console.log(JSON.stringify(result));
  } catch (err) {
    await server.kill().catch(() => undefined);
    await pool.end().catch(() => undefined);
    await cluster.stop().catch(() => undefined);
    throw err;
  }
}

/** Peak resident set of a process (VmHWM), in MB. */
function serverRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? round(Number(m[1]) / 1024, 1) : -1;
}

/**
 * PostgreSQL's own bulk path for the same rows: COPY into empty copies of messages and
 * message_search with all their indexes. Row content (sort keys, tsvectors) is prepared
 * before the clock starts, as the server prepares it in its own process.
 */
async function copyLimit(sql: Sql, _url: string, shape: CorpusShape, desktops: number): Promise<number> {
  await sql('DROP SCHEMA IF EXISTS copylimit CASCADE');
  await sql('CREATE SCHEMA copylimit');
  await sql('CREATE TABLE copylimit.messages (LIKE public.messages INCLUDING ALL)');
  await sql('CREATE TABLE copylimit.message_search (LIKE public.message_search INCLUDING ALL)');
  const chat = (await sql<{ id: number }>('SELECT id FROM chats LIMIT 1'))[0]!.id;
  const msgs: string[] = [];
  const search: string[] = [];
  const esc = (v: string | number | null) => (v === null ? '\\N' : String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n'));
  let id = 1;
  // sort keys are unique: on a collision take the next one, as the applier does
  const used = new Set<number>();
  for (let n = 1; n <= desktops; n++) {
    for (let i = 0; i < shape.messages; i++) {
      const { message: m } = corpusMessage({ ...shape, seed: 100 + n }, i);
      let key = baseSortKey(m.timestamp, `${n}${m.id}`);
      while (used.has(key)) key++;
      used.add(key);
      msgs.push([id, `acct-${n}`, `${n}_${m.id}`, chat, key, m.senderId ?? null, m.fromMe ? 1 : 0, 'chat', m.body ?? null, null, m.timestamp,
        Date.now(), m.ack ?? 0].map(esc).join('\t'));
      search.push([id, `acct-${n}`, chat, key, searchVector({ body: m.body ?? null, caption: null, filename: null, revisions: [], translations: [] })].map(esc).join('\t'));
      id++;
    }
  }
  const mFile = path.join(work, 'messages.tsv');
  const sFile = path.join(work, 'search.tsv');
  writeFileSync(mFile, `${msgs.join('\n')}\n`, { mode: 0o644 });
  writeFileSync(sFile, `${search.join('\n')}\n`, { mode: 0o644 });
  const t = performance.now();
  await sql(`COPY copylimit.messages (id, account_id, wa_id, chat_id, sort_key, sender_wa_id, from_me, type, body, caption, ts, received_at, ack)
    FROM '${mFile}'`);
  await sql(`COPY copylimit.message_search (message_id, account_id, chat_id, sort_key, tsv) FROM '${sFile}'`);
  const seconds = (performance.now() - t) / 1000;
  await sql('DROP SCHEMA copylimit CASCADE');
  return seconds;
}

main().then(() => rmSync(work, { recursive: true, force: true }), (err: unknown) => {
  rmSync(work, { recursive: true, force: true });
  console.error(err);
  process.exit(1);
});
