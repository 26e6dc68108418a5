import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Supervisor } from '../../src/core/accounts/supervisor';
import { type Core, createCore } from '../../src/core/app';
import { Archive } from '../../src/core/archive/archive';
import { generateKey, staticKeyProvider } from '../../src/core/archive/key';
import { openDatabase } from '../../src/core/archive/open';
import { ChromiumPageHost } from '../../src/core/capture/chromium-page-host';
import { readEnrollment } from '../../src/core/team/enrollment';
import { teamRequest } from '../../src/core/team/team-http';
import { createPool, type Pool } from '../../src/server/pg/db';
import { startLocalCluster, type LocalCluster } from '../../src/server/pg/local-cluster';
import { createEnrollmentCode } from '../../src/server/team/accounts';
import { createUser } from '../../src/server/team/users';
import { initTeamServer } from '../../src/server/team-server';
import type { EventName, EventPayload } from '../../src/shared/contract';
import type { Phone } from '../wa-sim/phone';
import { seedWorld, type SeededWorld } from '../wa-sim/seed';
import { WaSim } from '../wa-sim/server';
import { startCutProxy } from '../helpers/cut-proxy';
import { startServerProcess, type ServerProcess } from '../helpers/team-server';
import { tempDir } from '../helpers/temp';
import { freePort, waitFor } from '../helpers/wait';

/**
 * The team server's faults with desktops that capture for real: Cores with the Supervisor
 * running whatsapp-web.js pages against the WhatsApp Web simulator, replicating what they
 * capture. The server process is SIGKILLed thirty times while buyers write to ten reps'
 * phones, PostgreSQL crashes and comes back, one PC's network is cut and restored and it
 * then sends its queued outbox again — and afterwards the team archive holds exactly what
 * each PC captured, once.
 */

const DESKS = 10;
const KILLS = 30;

interface Desk { core: Core; archive: Archive; key: Buffer; phone: Phone; world: SeededWorld; accountId: string; number: string }

let sim: WaSim;
let host: ChromiumPageHost;
let cluster: LocalCluster;
let pool: Pool;

beforeAll(async () => {
  sim = await WaSim.start();
  host = new ChromiumPageHost({ waUrl: sim.url, isolation: 'context' });
  cluster = await startLocalCluster({ dataDir: tempDir('sb-pg-', 'file') });
  await initTeamServer(cluster.url, { login: 'admin', name: 'Admin' });
  pool = createPool(cluster.url, 2);
}, 120_000);
afterAll(async () => {
  await pool?.end();
  await host?.close();
  await sim?.close();
  await cluster?.stop();
});

function next<E extends EventName>(core: Core, event: E, pass: (p: EventPayload<E>) => boolean): Promise<EventPayload<E>> {
  return new Promise((resolve) => {
    const off = core.on(event, (p) => {
      if (!pass(p)) return;
      off();
      resolve(p);
    });
  });
}

async function desk(name: string, serverUrl: string): Promise<Desk> {
  const key = generateKey();
  const keys = staticKeyProvider(key);
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-faults-desk-'));
  const { archive, paths } = await Archive.openProfile(dir, keys, { create: true });
  const supervisor = new Supervisor({ archive, pageHost: host, mediaDir: paths.media, log: () => {}, hibernation: { idleMs: null, sweepEveryMs: null } });
  await supervisor.ready();
  const core = await createCore({ archive, paths, supervisor, keys, version: 'test', teamTimings: { heartbeatMs: 500, retryMaxMs: 500 } });
  await core.call('admin.setPassphrase', { current: null, next: 'admin pass' });
  const user = await createUser(pool, { login: name, name, role: 'rep', team: 'A' }, 'test');
  await core.call('team.enroll', { serverUrl, code: await createEnrollmentCode(pool, user, 'test'), fingerprint: null, deviceName: name, passphrase: 'admin pass' });
  const phone = sim.createPhone({ pushname: name });
  const world = seedWorld(phone, { messagesPerChat: 3, media: false });
  const qr = next(core, 'account.qr', () => true);
  const { accountId } = await core.call('accounts.add', { label: name });
  sim.scan(phone.id, (await qr).qr);
  await next(core, 'account.state', (s) => s.accountId === accountId && s.state === 'live');
  const number = (await core.call('accounts.list', {})).find((a) => a.id === accountId)!.phone!;
  return { core, archive, key, phone, world, accountId, number: `${number}@c.us` };
}

/** Every message each PC captured, by WhatsApp id, as its own archive holds them. */
function local(d: Desk): string[] {
  const db = openDatabase(d.archive.file, d.key, { readonly: true });
  try {
    return (db.prepare('SELECT wa_id FROM messages WHERE account_id = ? ORDER BY wa_id').all(d.accountId) as { wa_id: string }[]).map((r) => r.wa_id);
  } finally {
    db.close();
  }
}

const onServer = async (number: string) => (await pool.query<{ wa_id: string }>('SELECT wa_id FROM messages WHERE account_id = $1 ORDER BY wa_id COLLATE "C"',
  [number])).rows.map((r) => r.wa_id);

/** Buyers write to each rep's phone: `n` messages in its first chats. */
function buyersWrite(d: Desk, n: number, tag: string): void {
  for (let i = 0; i < n; i++) d.phone.deliver(d.world.direct[i % 3]!.id, { body: `${tag} ${i} ¿precio FOB? 报价` });
}

describe('team server faults with capturing desktops', () => {
  it('30 server SIGKILLs mid-push while 10 capturing PCs push, PostgreSQL crashed, a PC cut off and its queue sent twice: the team archive holds exactly what each PC captured, once', async () => {
    const port = await freePort();
    let server: ServerProcess = await startServerProcess(cluster.url, port);
    const proxy = await startCutProxy({ host: '127.0.0.1', port });
    // ten PCs, the first behind a link that will be cut
    const desks: Desk[] = [];
    for (let i = 0; i < DESKS; i++) desks.push(await desk(`f${i}`, i === 0 ? proxy.url : server.url));
    const acked = async () => Number((await pool.query<{ s: string }>('SELECT coalesce(sum(acked_seq), 0) AS s FROM devices')).rows[0]!.s);
    try {
      // the server killed while pushes of captured messages arrive, thirty times
      for (let k = 0; k < KILLS; k++) {
        const before = await acked();
        for (const d of desks) buyersWrite(d, 4, `kill${k}`);
        await waitFor(async () => (await acked()) > before, 'the server to take a push', 60_000);
        await server.kill();
        for (const d of desks) buyersWrite(d, 2, `down${k}`);
        server = await startServerProcess(cluster.url, port);
      }
      // PostgreSQL goes down hard mid-traffic and comes back
      for (const d of desks) buyersWrite(d, 3, 'pg');
      await cluster.kill();
      for (const d of desks) buyersWrite(d, 3, 'pgdown');
      await cluster.start();

      // one PC's network is cut: it keeps capturing and queues, says so, then catches up
      const cut = desks[0]!;
      proxy.cut();
      const unreachable = next(cut.core, 'team.state', (s) => s.state === 'unreachable');
      buyersWrite(cut, 5, 'cut');
      await unreachable;
      await waitFor(async () => (await onServer(cut.number)).length < local(cut).length
        && (await cut.archive.query('replicationStatus')).pendingBatches > 0, 'the cut PC to queue what it captured');
      // what it queued, kept to send again after the acknowledgements are lost
      const queued = await cut.archive.query('outboxBatches', { afterSeq: 0, maxOps: 1_000_000 });
      proxy.restore();

      for (const d of desks) {
        await waitFor(async () => {
          const s = await d.archive.query('replicationStatus');
          const mine = local(d);
          return s.pendingBatches === 0 && s.initialUpload === null && mine.length > 0 && (await onServer(d.number)).length === mine.length;
        }, `${d.number} to catch up`, 120_000);
        const mine = local(d);
        // every message the PC captured (history and live), once
        expect(await onServer(d.number)).toEqual([...mine].sort());
      }
      // the cut PC lost its acknowledgements and sends its queued outbox again: nothing doubles
      const before = await pool.query('SELECT account_id, wa_id, body, received_at FROM messages ORDER BY account_id, wa_id');
      const enrollment = (await readEnrollment(cut.archive, staticKeyProvider(cut.key)))!;
      const replay = await teamRequest<{ applied: number; skipped: number }>({ serverUrl: server.url, token: enrollment.token }, 'POST', '/push',
        { batches: queued });
      expect(replay).toMatchObject({ applied: 0, skipped: queued.length });
      expect((await pool.query('SELECT account_id, wa_id, body, received_at FROM messages ORDER BY account_id, wa_id')).rows).toEqual(before.rows);
      const dup = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM (SELECT account_id, wa_id FROM messages GROUP BY 1, 2 HAVING count(*) > 1) x');
      expect(dup.rows[0]!.n).toBe(0);
      // the live messages were captured through the faults (the buyers' texts are on the server)
      const live = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE body LIKE '%¿precio FOB?%' AND account_id = ANY($1::text[])`,
        [desks.map((d) => d.number)]);
      expect(live.rows[0]!.n).toBe(desks.length * (KILLS * 6 + 6) + 5);
    } finally {
      for (const d of desks) await d.core.close().catch(() => undefined);
      await proxy.close();
      await server.stop();
    }
  }, 600_000);
});
