import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../src/core/archive/archive';
import { generateKey, staticKeyProvider } from '../../src/core/archive/key';
import { openDatabase } from '../../src/core/archive/open';
import type { ArchiveOpInput } from '../../src/core/archive/operations';
import { enroll, type Enrollment } from '../../src/core/team/enrollment';
import { teamRequest } from '../../src/core/team/team-http';
import { Replicator } from '../../src/core/team/replicator';
import { createPool, type Pool } from '../../src/server/pg/db';
import { startLocalCluster, type LocalCluster } from '../../src/server/pg/local-cluster';
import { createEnrollmentCode } from '../../src/server/team/accounts';
import { initTeamServer } from '../../src/server/team-server';
import { pgRows } from '../helpers/pg';
import { startServerProcess, type ServerProcess } from '../helpers/team-server';
import { startCutProxy } from '../helpers/cut-proxy';
import { tempDir } from '../helpers/temp';
import { freePort, waitFor } from '../helpers/wait';

/**
 * Faults the team archive survives, with the real server in its own process and a real
 * PostgreSQL: the server SIGKILLed mid-batch again and again while ten desktops push, and
 * PostgreSQL itself crashed and restarted. Afterwards PostgreSQL holds exactly the union of
 * the desktops' archives: nothing lost, nothing twice.
 */

let cluster: LocalCluster;
let pool: Pool;
let adminId: string;

beforeAll(async () => {
  cluster = await startLocalCluster({ dataDir: tempDir('sb-pg-', 'file') });
  ({ adminId } = await initTeamServer(cluster.url, { login: 'admin', name: 'Admin' }));
  pool = createPool(cluster.url, 2);
});
afterAll(async () => {
  await pool?.end();
  await cluster?.stop();
});

interface Desktop {
  archive: Archive;
  key: Buffer;
  number: string;
  local: string;
  rep: Replicator;
  enrollment: Enrollment;
}

const CHATS = ['34600000001@c.us', '34600000002@c.us', '120363000000000001@g.us'];

const states = new Map<string, number>();
const countState = (s: { state: string }) => states.set(s.state, (states.get(s.state) ?? 0) + 1);

async function desktops(count: number, serverUrl: string | ((i: number) => string), tag: string, numberOf = (i: number) => i): Promise<Desktop[]> {
  const out: Desktop[] = [];
  for (let i = 0; i < count; i++) {
    const key = generateKey();
    const keys = staticKeyProvider(key);
    const archive = await Archive.open({ file: path.join(tempDir(), `${tag}-${i}.db`), keys, create: true });
    const local = `local-${i}`;
    const number = `86138${tag}${String(numberOf(i)).padStart(4, '0')}@c.us`;
    await archive.write([
      { op: 'createAccount', accountId: local, label: `Rep ${i}`, partitionId: `p-${i}` },
      { op: 'patchAccount', accountId: local, meId: number, phone: number.split('@')[0] },
    ]);
    const code = await createEnrollmentCode(pool, adminId, 'test');
    const enrollment = await enroll(archive, keys, { serverUrl: typeof serverUrl === 'string' ? serverUrl : serverUrl(i), code, deviceName: `pc-${i}` });
    const rep = new Replicator({ archive, enrollment, retryMinMs: 20, retryMaxMs: 200, idleMs: 100, maxOps: 400, onState: countState });
    out.push({ archive, key, number, local, rep, enrollment });
  }
  return out;
}

/** A desktop's live traffic: batches of messages, with edits and reactions mixed in. */
async function traffic(d: Desktop, batches: number, perBatch: number, tag: string): Promise<void> {
  for (let b = 0; b < batches; b++) {
    const ops: ArchiveOpInput[] = [];
    for (let k = 0; k < perBatch; k++) {
      const n = b * perBatch + k;
      const id = `${tag}-${d.local}-${n}`;
      const chatId = CHATS[n % CHATS.length]!;
      ops.push({ op: 'upsertMessage', accountId: d.local, message: {
        id, chatId, senderId: n % 2 ? chatId : null, fromMe: n % 2 === 0, type: 'chat', body: `报价 precio ${n}`, timestamp: 1_700_000_000_000 + n * 1000 } });
      if (n % 7 === 0) ops.push({ op: 'edit', accountId: d.local, messageId: id, body: `edited ${n}`, editedAt: 1_700_000_000_500 + n * 1000 });
      if (n % 5 === 0) ops.push({ op: 'reaction', accountId: d.local, messageId: id, senderId: CHATS[0]!, emoji: '👍', at: 1_700_000_000_700 + n * 1000 });
    }
    await d.archive.write(ops);
    d.rep.nudge();
  }
}

const LOCAL_MESSAGES = `SELECT m.wa_id, c.wa_id AS chat, m.body, m.ts, m.received_at, m.ack,
  (SELECT group_concat(body, '|') FROM (SELECT body FROM revisions r WHERE r.account_id = m.account_id AND r.msg_wa_id = m.wa_id ORDER BY edited_at)) AS revs,
  (SELECT group_concat(emoji, '|') FROM reactions x WHERE x.account_id = m.account_id AND x.msg_wa_id = m.wa_id) AS reacts
  FROM messages m JOIN chats c ON c.id = m.chat_id ORDER BY m.wa_id`;
const SERVER_MESSAGES = `SELECT m.wa_id, c.wa_id AS chat, m.body, m.ts, m.received_at, m.ack,
  (SELECT string_agg(body, '|' ORDER BY edited_at) FROM revisions r WHERE r.account_id = m.account_id AND r.msg_wa_id = m.wa_id) AS revs,
  (SELECT string_agg(emoji, '|') FROM reactions x WHERE x.account_id = m.account_id AND x.msg_wa_id = m.wa_id) AS reacts
  FROM messages m JOIN chats c ON c.id = m.chat_id WHERE m.account_id = $1 ORDER BY m.wa_id`;

/** PostgreSQL holds exactly what the desktops hold: every message once, with its edits and reactions. */
async function expectUnion(all: Desktop[], expectedTotal: number): Promise<void> {
  let total = 0;
  for (const d of all) {
    const local = localRows(d);
    const remote = await pgRows(pool, SERVER_MESSAGES, [d.number]);
    expect(remote.length, d.number).toBe(local.length);
    expect(remote, d.number).toEqual(local);
    total += local.length;
  }
  expect(total).toBe(expectedTotal);
  const numbers = all.map((d) => d.number);
  const counts = (await pgRows(pool, `SELECT count(*)::int AS n, count(DISTINCT (account_id, wa_id))::int AS d FROM messages
    WHERE account_id = ANY($1::text[])`, [numbers]))[0]!;
  expect(counts).toEqual({ n: expectedTotal, d: expectedTotal });
}

/**
 * Every running replicator has caught up: its outbox and history upload are empty and it says
 * so. A timeout also says what the servers logged and what PostgreSQL was doing.
 */
async function drainAll(all: Desktop[], servers: ServerProcess[] = []): Promise<void> {
  for (const d of all) d.rep.nudge();
  try {
    await waitFor(async () => {
      for (const [i, d] of all.entries()) {
        const s = await d.archive.query('replicationStatus');
        if (s.pendingBatches > 0 || s.initialUpload !== null || d.rep.state.state !== 'synced') {
          throw new Error(`desktop ${i}: ${s.pendingBatches} batches pending, upload ${s.initialUpload ?? 'done'}, ${JSON.stringify(d.rep.state)}`);
        }
      }
      return true;
    }, 'every desktop to catch up', 120_000);
  } catch (err) {
    const activity = await pgRows(pool, `SELECT pid, state, wait_event_type, wait_event, now() - xact_start AS xact_age, left(query, 120) AS query
      FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`).catch((e: Error) => e.message);
    const logs = servers.map((s, i) => `server ${i}:\n${s.log().slice(-4000)}`).join('\n');
    throw new Error(`${(err as Error).message}\nPostgreSQL activity: ${JSON.stringify(activity)}\n${logs}`);
  }
  await Promise.all(all.map((d) => d.rep.stop()));
}

describe('team server faults', () => {
  it('30 SIGKILLs of the server mid-batch while 10 desktops push: 0 lost, 0 duplicated, PostgreSQL equals the union', async () => {
    const port = await freePort();
    let server: ServerProcess = await startServerProcess(cluster.url, port);
    const all = await desktops(10, server.url, '01');
    try {
      for (const d of all) d.rep.start();
      const writing = Promise.all(all.map((d) => traffic(d, 30, 20, 'k')));
      let finished = false;
      void writing.then(() => { finished = true; });
      const acked = async () => Number((await pool.query<{ s: string }>('SELECT coalesce(sum(acked_seq), 0) AS s FROM devices')).rows[0]!.s);
      for (let k = 0; k < 30; k++) {
        const before = await acked();
        // kill while pushes are arriving: once the server has taken at least one more batch
        await waitFor(async () => finished || (await acked()) > before, 'the server to acknowledge a push', 60_000);
        await server.kill();
        server = await startServerProcess(cluster.url, port);
      }
      await writing;
      await drainAll(all, [server]);
      expect(states.get('unreachable') ?? 0, 'pushes were cut by the kills').toBeGreaterThan(0);

      await expectUnion(all, 10 * 30 * 20);
    } finally {
      await Promise.all(all.map((d) => d.rep.stop()));
      await server.stop();
      for (const d of all) await d.archive.close();
    }
  }, 240_000);

  it('PostgreSQL crashed and restarted while desktops push; the network to one desktop cut and restored: they queue, then catch up', async () => {
    const port = await freePort();
    const server = await startServerProcess(cluster.url, port);
    const proxy = await startCutProxy({ host: '127.0.0.1', port });
    const all = await desktops(4, (i) => (i === 0 ? proxy.url : server.url), '02');
    try {
      for (const d of all) d.rep.start();
      const cutOff = all[0]!;
      await traffic(cutOff, 2, 10, 'a');
      await waitFor(async () => (await cutOff.archive.query('replicationStatus')).pendingBatches === 0, 'first batches through the proxy');
      proxy.cut();
      const writing = Promise.all(all.map((d) => traffic(d, 10, 20, 'b')));
      // PostgreSQL goes down hard (no checkpoint) mid-traffic and comes back
      await waitFor(async () => Number((await pool.query('SELECT coalesce(sum(acked_seq), 0) AS s FROM devices')).rows[0].s) > 0, 'pushes');
      await cluster.kill();
      await cluster.start();
      await writing;
      // the cut-off desktop kept archiving and queued everything
      const queued = await cutOff.archive.query('replicationStatus');
      expect(queued.pendingBatches).toBe(10);
      expect(cutOff.rep.state.state).toBe('unreachable');
      proxy.restore();
      await drainAll(all, [server]);
      await expectUnion(all, 2 * 10 + 4 * 10 * 20);
      expect(server.child.exitCode ?? server.child.signalCode, `the server rode out the crash:\n${server.log()}`).toBeNull();
    } finally {
      await Promise.all(all.map((d) => d.rep.stop()));
      await proxy.close();
      await server.stop();
      for (const d of all) await d.archive.close();
    }
  }, 240_000);

  it('two server instances behind one PostgreSQL, desktops split between them, converge; a whole outbox replayed changes nothing', async () => {
    const [p1, p2] = [await freePort(), await freePort()];
    const s1 = await startServerProcess(cluster.url, p1);
    const s2 = await startServerProcess(cluster.url, p2);
    // desktops 1 and 2 have the same number linked (a rep's PC and the lead's), on different instances
    const all = await desktops(6, (i) => (i % 2 ? s1.url : s2.url), '03', (i) => (i === 2 ? 1 : i));
    try {
      await Promise.all(all.map((d) => traffic(d, 8, 15, 'c')));
      // every batch as it was queued, kept before acknowledgements trim them
      const queued = await Promise.all(all.map((d) => d.archive.query('outboxBatches', { afterSeq: 0, maxOps: 1_000_000 })));
      for (const d of all) d.rep.start();
      await drainAll(all, [s1, s2]);
      const shared = all[1]!.number;
      const alone = all.filter((d) => d.number !== shared);
      await expectUnion(alone, alone.length * 8 * 15);
      const both = [...localRows(all[1]!), ...localRows(all[2]!)].sort((x, y) => String(x.wa_id).localeCompare(String(y.wa_id)));
      expect(await pgRows(pool, SERVER_MESSAGES, [shared])).toEqual(both);

      // every desktop loses its acknowledgements and sends its whole outbox again, to either instance
      const snapshot = await pgRows(pool, 'SELECT account_id, wa_id, body, received_at FROM messages ORDER BY account_id, wa_id');
      for (const [i, d] of all.entries()) {
        const r = await teamRequest<{ skipped: number; applied: number }>(
          { serverUrl: i % 2 ? s2.url : s1.url, token: d.enrollment.token }, 'POST', '/push', { batches: queued[i]! });
        expect(r).toMatchObject({ applied: 0, skipped: queued[i]!.length });
      }
      expect(await pgRows(pool, 'SELECT account_id, wa_id, body, received_at FROM messages ORDER BY account_id, wa_id')).toEqual(snapshot);
    } finally {
      await Promise.all(all.map((d) => d.rep.stop()));
      await s1.stop();
      await s2.stop();
      for (const d of all) await d.archive.close();
    }
  }, 240_000);
});

/** The desktop's own view of its messages, in the same shape as the server query. */
function localRows(d: Desktop): Record<string, unknown>[] {
  const db = openDatabase(d.archive.file, d.key);
  try {
    return db.prepare(LOCAL_MESSAGES).all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
}
