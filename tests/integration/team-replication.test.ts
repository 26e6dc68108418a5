import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Archive } from '../../src/core/archive/archive';
import { generateKey, type KeyProvider, staticKeyProvider } from '../../src/core/archive/key';
import { mediaPath, putMedia } from '../../src/core/archive/media-store';
import type { ArchiveOpInput } from '../../src/core/archive/operations';
import { enroll, type Enrollment } from '../../src/core/team/enrollment';
import { identityPage, UploadCursor, uploadPage } from '../../src/core/team/history-upload';
import { type ReplicationState, Replicator } from '../../src/core/team/replicator';
import { TeamHttpError, teamRequest } from '../../src/core/team/team-http';
import { createEnrollmentCode, revokeDevice } from '../../src/server/team/accounts';
import { startTeamServer } from '../../src/server/team-server';
import { startCutProxy } from '../helpers/cut-proxy';
import { pgRows } from '../helpers/pg';
import { useTeamServer } from '../helpers/team-server-fixture';
import { tempDir } from '../helpers/temp';

/**
 * A desktop profile replicating to a real team server over HTTP, backed by a real
 * PostgreSQL: history before enrollment is uploaded, live batches follow in order, the
 * outbox is trimmed only after the server's acknowledgement, replays change nothing, one
 * WhatsApp number linked on two PCs is one team account, and a revoked device is refused.
 */

const team = useTeamServer();

const ME = '8613800000001@c.us';
const BUYER = '34600000001@c.us';
const msg = (localAccount: string, id: string, t: number, body: string): ArchiveOpInput => ({
  op: 'upsertMessage', accountId: localAccount, message: { id, chatId: BUYER, senderId: BUYER, fromMe: false, type: 'chat', body, timestamp: t },
});

interface Desktop { archive: Archive; keys: KeyProvider }

async function desktop(localAccount: string): Promise<Desktop> {
  const keys = staticKeyProvider(generateKey());
  const archive = await Archive.open({ file: path.join(tempDir(), 'archive.db'), keys, create: true });
  await archive.write([
    { op: 'createAccount', accountId: localAccount, label: 'Sales 1', partitionId: `p-${localAccount}` },
    { op: 'patchAccount', accountId: localAccount, meId: ME, phone: '8613800000001' },
  ]);
  return { archive, keys };
}

async function enrolled(d: Desktop): Promise<{ rep: Replicator; enrollment: Enrollment }> {
  const code = await createEnrollmentCode(team.server.pool, team.adminId, 'test');
  const enrollment = await enroll(d.archive, d.keys, { serverUrl: team.server.url, code, deviceName: 'pc' });
  return { rep: new Replicator({ archive: d.archive, enrollment }), enrollment };
}

const serverMessages = async () => (await pgRows(team.server.pool,
  `SELECT m.account_id, m.wa_id, m.body, m.received_at FROM messages m ORDER BY m.wa_id`));

describe('replication to the team server', () => {
  it('uploads existing history, then live batches; trims only what the server acknowledged; replays change nothing', async () => {
    const d = await desktop('local-a');
    try {
      await d.archive.write([msg('local-a', 'old-1', 1_700_000_000_000, 'hola'), msg('local-a', 'old-2', 1_700_000_001_000, '报价')], 1000);
      const { rep, enrollment } = await enrolled(d);
      await d.archive.write([msg('local-a', 'live-1', 1_700_000_002_000, 'precio')], 2000);
      expect((await d.archive.query('replicationStatus')).pendingBatches).toBeGreaterThan(0);
      expect(await rep.drain()).toMatchObject({ state: 'synced' });

      const rows = await serverMessages();
      expect(rows.map((r) => [r.account_id, r.wa_id, r.body])).toEqual([
        [ME, 'live-1', 'precio'], [ME, 'old-1', 'hola'], [ME, 'old-2', '报价'],
      ]);
      // a live batch is applied with the clock it was committed with locally, and history keeps
      // the time this PC first stored it (not the time of the upload)
      expect(rows.find((r) => r.wa_id === 'live-1')!.received_at).toBe(2000);
      expect(rows.find((r) => r.wa_id === 'old-1')!.received_at).toBe(1000);
      const status = await d.archive.query('replicationStatus');
      expect(status).toMatchObject({ pendingBatches: 0, initialUpload: null });
      expect(status.ackedSeq).toBeGreaterThan(0);

      // what this PC still has to send reached the server with the push; once in sync, it says it is there
      const device = async () => (await pgRows(team.server.pool, 'SELECT pending_ops, app_version, last_seen_at FROM devices WHERE id = $1',
        [enrollment.deviceId]))[0]!;
      expect((await device()).pending_ops).toBeGreaterThan(0);
      const seenBefore = (await device()).last_seen_at as number;
      await new Replicator({ archive: d.archive, enrollment, heartbeatMs: 0, appVersion: '9.9.9' }).drain();
      expect(await device()).toMatchObject({ pending_ops: 0, app_version: '9.9.9' });
      expect((await device()).last_seen_at as number).toBeGreaterThanOrEqual(seenBefore);

      // the acknowledgement was lost: the same batches again are skipped, nothing doubles
      const again = await teamRequest<{ ackedSeq: number; skipped: number }>({ serverUrl: enrollment.serverUrl, token: enrollment.token }, 'POST', '/push',
        { batches: [{ seq: status.ackedSeq, now: 2000, ops: [msg('local-a', 'live-1', 1_700_000_002_000, 'precio')] }] });
      expect(again).toMatchObject({ ackedSeq: status.ackedSeq, skipped: 1 });
      expect(await serverMessages()).toHaveLength(3);
    } finally {
      await d.archive.close();
    }
  });

  it('one number linked on two PCs is one team account; each message is stored once', async () => {
    const a = await desktop('pc1-acc');
    const b = await desktop('pc2-acc');
    try {
      const before = (await serverMessages()).length;
      const { rep: ra } = await enrolled(a);
      const { rep: rb } = await enrolled(b);
      await a.archive.write([msg('pc1-acc', 'shared-1', 1_700_000_010_000, 'same message')], 3000);
      await b.archive.write([msg('pc2-acc', 'shared-1', 1_700_000_010_000, 'same message'), msg('pc2-acc', 'b-only', 1_700_000_011_000, 'x')], 3500);
      await ra.drain();
      await rb.drain();
      const rows = await serverMessages();
      expect(rows.filter((r) => r.wa_id === 'shared-1')).toEqual([expect.objectContaining({ account_id: ME })]);
      expect(rows).toHaveLength(before + 2);
      const accounts = await pgRows(team.server.pool, 'SELECT id FROM accounts');
      expect(accounts).toEqual([{ id: ME }]);
    } finally {
      await a.archive.close();
      await b.archive.close();
    }
  });

  it('tells the server who the accounts are before any live batch, and uploads only the history from before enrolling', async () => {
    // counts every operation the server had to park for want of an account's number
    await team.server.pool.query(`CREATE TABLE IF NOT EXISTS test_parked (n int);
      CREATE OR REPLACE FUNCTION test_count_parked() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN INSERT INTO test_parked VALUES (1); RETURN NULL; END';
      DROP TRIGGER IF EXISTS test_parked ON parked_ops;
      CREATE TRIGGER test_parked AFTER INSERT ON parked_ops FOR EACH ROW EXECUTE FUNCTION test_count_parked();
      TRUNCATE test_parked`);
    const d = await desktop('local-id');
    try {
      await d.archive.write([msg('local-id', 'id-old', 1_700_000_100_000, 'before')], 1000);
      const { rep } = await enrolled(d);
      await d.archive.write([msg('local-id', 'id-live', 1_700_000_101_000, 'after')], 2000);

      const cursor = UploadCursor.parse(JSON.parse((await d.archive.query('replicationStatus')).initialUpload!));
      expect((await identityPage(d.archive, cursor))!.ops).toContainEqual(expect.objectContaining({ op: 'patchAccount', meId: ME }));
      const uploaded: string[] = [];
      for (let c: UploadCursor | null = cursor; c;) {
        const page = await uploadPage(d.archive, c);
        for (const op of page?.ops ?? []) if (op.op === 'upsertMessage') uploaded.push(op.message.id);
        c = page && page.next.stage !== 'done' ? page.next : null;
      }
      expect(uploaded).toEqual(['id-old']);

      await rep.drain();
      expect((await serverMessages()).filter((r) => String(r.wa_id).startsWith('id-')).map((r) => r.wa_id)).toEqual(['id-live', 'id-old']);
      expect(await pgRows(team.server.pool, 'SELECT * FROM test_parked')).toEqual([]);
    } finally {
      await team.server.pool.query('DROP TABLE test_parked CASCADE; DROP FUNCTION test_count_parked CASCADE');
      await d.archive.close();
    }
  });

  it('an account linked after enrolling: its messages wait on the server for its number, then arrive whole', async () => {
    const keys = staticKeyProvider(generateKey());
    const archive = await Archive.open({ file: path.join(tempDir(), 'archive.db'), keys, create: true });
    const LATE = '8613800000077@c.us';
    try {
      await archive.write([{ op: 'createAccount', accountId: 'late', label: 'New phone', partitionId: 'p-late' }]);
      const { rep } = await enrolled({ archive, keys });
      await archive.write([msg('late', 'late-1', 1_700_000_200_000, 'uno'), msg('late', 'late-2', 1_700_000_201_000, 'dos')], 5000);
      await archive.write([msg('late', 'late-3', 1_700_000_202_000, 'tres')], 5100);
      await rep.drain();
      expect(await pgRows(team.server.pool, "SELECT wa_id FROM messages WHERE wa_id LIKE 'late-%'")).toEqual([]);
      expect(await pgRows(team.server.pool, 'SELECT count(*)::int AS n FROM parked_ops')).toEqual([{ n: 2 }]);

      await archive.write([{ op: 'patchAccount', accountId: 'late', meId: LATE }], 6000);
      await rep.drain();
      expect(await pgRows(team.server.pool, "SELECT account_id, wa_id, body, received_at FROM messages WHERE wa_id LIKE 'late-%' ORDER BY wa_id"))
        .toEqual([
          { account_id: LATE, wa_id: 'late-1', body: 'uno', received_at: 5000 },
          { account_id: LATE, wa_id: 'late-2', body: 'dos', received_at: 5000 },
          { account_id: LATE, wa_id: 'late-3', body: 'tres', received_at: 5100 },
        ]);
      expect(await pgRows(team.server.pool, 'SELECT count(*)::int AS n FROM parked_ops')).toEqual([{ n: 0 }]);
    } finally {
      await archive.close();
    }
  });

  it('a revoked device is refused at once and says so; its archive keeps working', async () => {
    const d = await desktop('local-r');
    try {
      const states: string[] = [];
      const code = await createEnrollmentCode(team.server.pool, team.adminId, 'test');
      const e = await enroll(d.archive, d.keys, { serverUrl: team.server.url, code });
      await new Replicator({ archive: d.archive, enrollment: e }).drain();
      await revokeDevice(team.server.pool, e.deviceId, team.adminId);
      await d.archive.write([msg('local-r', 'after-revoke', 1_700_000_020_000, 'still archived locally')]);
      await expect(new Replicator({ archive: d.archive, enrollment: e }).drain()).rejects.toMatchObject({ code: 'DEVICE_REVOKED' });
      const rep = new Replicator({ archive: d.archive, enrollment: e, onState: (s) => states.push(s.state) });
      rep.start();
      await expect.poll(() => states.includes('revoked')).toBe(true);
      await rep.stop();
      expect(await d.archive.query('messageDetail', { accountId: 'local-r', messageId: 'after-revoke' })).not.toBeNull();
      expect((await d.archive.query('replicationStatus')).pendingBatches).toBe(1);
      await expect(teamRequest({ serverUrl: team.server.url, token: e.token }, 'GET', '/device')).rejects.toBeInstanceOf(TeamHttpError);
    } finally {
      await d.archive.close();
    }
  });

  it('while the server cannot be reached, the state keeps saying since when through every retry; it catches up once it can', async () => {
    const d = await desktop('local-u');
    const proxy = await startCutProxy({ host: '127.0.0.1', port: Number(new URL(team.server.url).port) });
    try {
      const code = await createEnrollmentCode(team.server.pool, team.adminId, 'test');
      const e = await enroll(d.archive, d.keys, { serverUrl: proxy.url, code });
      await new Replicator({ archive: d.archive, enrollment: e }).drain();
      const states: ReplicationState[] = [];
      const rep = new Replicator({ archive: d.archive, enrollment: e, retryMinMs: 5, retryMaxMs: 5, onState: (s) => states.push(s) });
      proxy.cut();
      await d.archive.write([msg('local-u', 'while-cut', 1_700_000_030_000, 'queued')]);
      rep.start();
      await expect.poll(() => states.filter((s) => s.state === 'unreachable').length, { timeout: 20_000 }).toBeGreaterThanOrEqual(5);
      const failing = states.slice(states.findIndex((s) => s.state === 'unreachable'));
      expect(new Set(failing.map((s) => s.state))).toEqual(new Set(['unreachable']));
      expect(new Set(failing.map((s) => (s.state === 'unreachable' ? s.since : null))).size).toBe(1);
      expect(failing[0]!.state === 'unreachable' && failing[0]!.pendingOps).toBeGreaterThan(0);
      proxy.restore();
      rep.nudge();
      await expect.poll(() => rep.state.state, { timeout: 20_000 }).toBe('synced');
      await rep.stop();
      expect((await serverMessages()).map((r) => r.wa_id)).toContain('while-cut');
    } finally {
      await proxy.close();
      await d.archive.close();
    }
  });

  it('text no database column can hold (NUL, a lone surrogate) travels in the outbox as stored and arrives exactly', async () => {
    const d = await desktop('local-odd');
    const odd = ['nul \u0000 inside', 'half a pair \ud83d here', '\uf8ff\uf8feb64: looks like the mark', 'emoji 😀 and 中文'];
    try {
      const { rep } = await enrolled(d);
      await d.archive.write(odd.map((body, i) => msg('local-odd', `odd-${i}`, 1_700_000_300_000 + i, body)), 7000);
      await rep.drain();
      const rows = await pgRows(team.server.pool, "SELECT wa_id, body FROM messages WHERE wa_id LIKE 'odd-%' ORDER BY wa_id");
      expect(rows.map((r) => r.body)).toEqual(odd);
    } finally {
      await d.archive.close();
    }
  });

  it('bad input gets a 4xx that says what is wrong and changes nothing', async () => {
    await expect(teamRequest({ serverUrl: team.server.url }, 'POST', '/enroll', { code: 'NOPE-NOPE', deviceName: 'x' }))
      .rejects.toMatchObject({ status: 403, code: 'ENROLLMENT_REFUSED' });
    await expect(teamRequest({ serverUrl: team.server.url }, 'POST', '/enroll', { code: 1 }))
      .rejects.toMatchObject({ status: 400, code: 'INVALID_INPUT' });
    await expect(teamRequest({ serverUrl: team.server.url, token: 'x'.repeat(40) }, 'POST', '/push', { batches: [] }))
      .rejects.toMatchObject({ status: 401 });
  });
});

describe('media on the team server', () => {
  it('sends each stored file once, by its hash, within the size cap; a server without media keeps replicating messages', async () => {
    const mediaDir = tempDir();
    const withMedia = await startTeamServer({ databaseUrl: team.cluster.url, listen: { host: '127.0.0.1', port: 0 }, mediaDir, mediaMaxBytes: 1000 });
    const d = await desktop('local-m');
    const deskMedia = tempDir();
    try {
      const files = [Buffer.alloc(100, 1), Buffer.alloc(200, 2), Buffer.alloc(2000, 3)];
      const stored = await Promise.all(files.map((b) => putMedia(deskMedia, b)));
      await d.archive.write([
        ...stored.map((_, i) => msg('local-m', `m-${i}`, 1_700_000_000_000 + i, `photo ${i}`)),
        ...stored.map((s, i) => ({ op: 'media' as const, accountId: 'local-m', messageId: `m-${i}`, status: 'stored' as const,
          sha256: s.sha256, size: s.size, mime: 'image/jpeg' })),
      ]);
      const code = await createEnrollmentCode(withMedia.pool, team.adminId, 'test');
      const enrollment = await enroll(d.archive, d.keys, { serverUrl: withMedia.url, code, deviceName: 'pc' });
      const states: string[] = [];
      await new Replicator({ archive: d.archive, enrollment, mediaDir: deskMedia, onState: (s) => states.push(s.state) }).drain();
      expect(states).toContain('media');
      // the two small files are on the server, byte for byte; the one over the cap stays on the PC
      expect(readFileSync(mediaPath(mediaDir, stored[0]!.sha256))).toEqual(files[0]);
      expect(readFileSync(mediaPath(mediaDir, stored[1]!.sha256))).toEqual(files[1]);
      expect(existsSync(mediaPath(mediaDir, stored[2]!.sha256))).toBe(false);
      // the history upload carried the messages' media as stored, by hash (the files follow separately)
      expect(await pgRows(withMedia.pool, `SELECT msg_wa_id, status, sha256 FROM message_media WHERE msg_wa_id LIKE 'm-%' ORDER BY msg_wa_id`))
        .toEqual(stored.map((s, i) => ({ msg_wa_id: `m-${i}`, status: 'stored', sha256: s.sha256 })));
      const http = { serverUrl: withMedia.url, token: enrollment.token };
      expect(await teamRequest(http, 'POST', '/media/missing', { sha256: stored.map((s) => s.sha256) }))
        .toEqual({ missing: [stored[2]!.sha256], maxBytes: 1000 });
      // bytes that do not hash to the name are refused and not kept
      const wrong = 'a'.repeat(64);
      await expect(teamRequest(http, 'PUT', `/media/${wrong}`, Buffer.from('not that'))).rejects.toMatchObject({ status: 400, code: 'HASH_MISMATCH' });
      expect(existsSync(mediaPath(mediaDir, wrong))).toBe(false);

      // a server started without --media-dir: messages still replicate, media is not asked for again
      const other = await desktop('local-n');
      await putMedia(deskMedia, Buffer.alloc(50, 4)).then((s) => other.archive.write([{ op: 'media', accountId: 'local-n', messageId: 'n-1',
        status: 'stored', sha256: s.sha256, size: s.size, mime: null }]));
      const e2 = await enroll(other.archive, other.keys, { serverUrl: team.server.url, code: await createEnrollmentCode(team.server.pool, team.adminId, 'test'), deviceName: 'pc2' });
      expect(await new Replicator({ archive: other.archive, enrollment: e2, mediaDir: deskMedia }).drain()).toMatchObject({ state: 'synced' });
      await other.archive.close();
    } finally {
      await d.archive.close();
      await withMedia.close();
    }
  });
});
