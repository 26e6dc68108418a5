import type { BatchResult } from '../../core/archive/apply/apply-batch';
import { ArchiveBatch, type ArchiveOp } from '../../core/archive/operations';
import { inRetriedTransaction, type Pool, type Sql } from '../pg/db';
import { applyBatchInTransaction } from '../pg/pg-applier';
import { notifyLive } from '../console/live-notify';

/**
 * Where a device's outbox batches enter the team archive. In one PostgreSQL transaction per
 * push: the device row is locked (one push per device at a time, across server
 * instances), batches at or below the device's acknowledged sequence are skipped (a
 * replay after a lost acknowledgement changes nothing), the rest are mapped to team
 * identities and applied with their own clocks, and the new acknowledged sequence is
 * stored. The acknowledgement leaves only after COMMIT: at least once on the wire,
 * exactly once in effect.
 *
 * Identity: a team account is the WhatsApp number (wid) a device's account is linked to,
 * not the device's random local id, so one number linked on two PCs is one account and
 * each message is stored once. Until a local account's number is known, its account
 * operations are parked and applied when it is.
 */

export interface PushBatch {
  seq: number;
  now: number;
  ops: ArchiveOp[];
}

export class DeviceRevokedError extends Error {
  readonly code = 'DEVICE_REVOKED';
  constructor() {
    super('This device was revoked by an administrator; enroll it again to replicate.');
  }
}

interface Segment {
  now: number;
  ops: ArchiveOp[];
}

interface DeviceAccount {
  team: string | null;
}

/** Local-only operations: settings are a PC's own preferences, never team facts. */
const LOCAL_ONLY = new Set<ArchiveOp['op']>(['setting']);

class Mapper {
  private readonly accounts = new Map<string, DeviceAccount>();

  constructor(private readonly sql: Sql, private readonly deviceId: string, private readonly ownerId: string) {}

  private async account(localId: string): Promise<DeviceAccount> {
    let a = this.accounts.get(localId);
    if (!a) {
      const row = (await this.sql<{ team_account_id: string | null }>(
        'SELECT team_account_id FROM device_accounts WHERE device_id = $1 AND local_id = $2', [this.deviceId, localId]))[0];
      a = { team: row?.team_account_id ?? null };
      this.accounts.set(localId, a);
    }
    return a;
  }

  private async remember(localId: string, now: number, fields: { label?: string; state?: string; detail?: string | null }): Promise<void> {
    await this.sql(`INSERT INTO device_accounts (device_id, local_id, label, state, state_detail, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT (device_id, local_id) DO UPDATE SET label = coalesce(excluded.label, device_accounts.label),
        state = coalesce(excluded.state, device_accounts.state), state_detail = CASE WHEN excluded.state IS NULL
          THEN device_accounts.state_detail ELSE excluded.state_detail END, updated_at = excluded.updated_at`,
    [this.deviceId, localId, fields.label ?? null, fields.state ?? null, fields.detail ?? null, now]);
  }

  /** Maps one batch; returns the segments to apply, each with its own clock (parked ones keep theirs). */
  async map(batch: Segment): Promise<Segment[]> {
    const out: Segment[] = [];
    let current: ArchiveOp[] = [];
    const parked = new Map<string, ArchiveOp[]>();
    const flush = () => {
      if (current.length) out.push({ now: batch.now, ops: current });
      current = [];
    };
    for (const op of batch.ops) {
      if (LOCAL_ONLY.has(op.op)) continue;
      if (!('accountId' in op)) {
        current.push(op);
        continue;
      }
      const local = op.accountId;
      const acc = await this.account(local);
      switch (op.op) {
        case 'createAccount':
          await this.remember(local, batch.now, { label: op.label });
          continue;
        case 'accountState':
          await this.remember(local, batch.now, { state: op.state, detail: op.detail });
          if (acc.team) current.push({ ...op, accountId: acc.team });
          continue;
        case 'patchAccount': {
          if (op.label !== undefined) await this.remember(local, batch.now, { label: op.label });
          if (!acc.team && op.meId) {
            acc.team = op.meId;
            await this.sql('UPDATE device_accounts SET team_account_id = $3 WHERE device_id = $1 AND local_id = $2',
              [this.deviceId, local, acc.team]);
            const label = (await this.sql<{ label: string | null }>(
              'SELECT label FROM device_accounts WHERE device_id = $1 AND local_id = $2', [this.deviceId, local]))[0]?.label;
            current.push({
              op: 'createAccount', accountId: acc.team, label: label ?? acc.team, ownerId: this.ownerId, partitionId: acc.team,
              proxy: null, sortOrder: 0,
            });
            flush();
            const waiting = parked.get(local);
            parked.delete(local);
            out.push(...await this.unpark(local, acc.team, waiting ? { now: batch.now, ops: waiting } : null));
          }
          if (acc.team) {
            // the team account takes what describes the number; proxy, order and owner are this PC's business
            const patch: ArchiveOp = { op: 'patchAccount', accountId: acc.team };
            if (op.label !== undefined) patch.label = op.label;
            if (op.phone !== undefined) patch.phone = op.phone;
            if (op.meId !== undefined && op.meId !== null) patch.meId = op.meId;
            if (Object.keys(patch).length > 2) current.push(patch);
          }
          continue;
        }
        default:
          if (acc.team) current.push({ ...op, accountId: acc.team } as ArchiveOp);
          else {
            const waiting = parked.get(local);
            if (waiting) waiting.push(op);
            else parked.set(local, [op]);
          }
      }
    }
    flush();
    // one row per account and batch: a run parked together is applied together
    for (const [local, ops] of parked) {
      await this.sql('INSERT INTO parked_ops (device_id, local_id, batch_now, ops) VALUES ($1, $2, $3, $4)',
        [this.deviceId, local, batch.now, JSON.stringify(ops)]);
    }
    return out;
  }

  /** What waited for the account's number, oldest batch first; `fresh` is this batch's share, not stored yet. */
  private async unpark(local: string, team: string, fresh: Segment | null): Promise<Segment[]> {
    const rows = await this.sql<{ id: number; batch_now: number; ops: string }>(
      'DELETE FROM parked_ops WHERE device_id = $1 AND local_id = $2 RETURNING id, batch_now, ops', [this.deviceId, local]);
    rows.sort((a, b) => a.batch_now - b.batch_now || a.id - b.id);
    const segments = rows.map((r) => ({ now: r.batch_now, ops: ArchiveBatch.parse(JSON.parse(r.ops)) as ArchiveOp[] }));
    if (fresh) segments.push(fresh);
    return segments.map((seg) => ({ now: seg.now, ops: seg.ops.map((op) => ({ ...op, accountId: team }) as ArchiveOp) }));
  }
}

export interface PushResult {
  ackedSeq: number;
  applied: number;
  skipped: number;
  result: BatchResult;
}

export async function ingestPush(pool: Pool, deviceId: string, batches: readonly PushBatch[], now = Date.now()): Promise<PushResult> {
  return inRetriedTransaction(pool, async (sql) => {
    const device = (await sql<{ acked_seq: number; revoked_at: number | null; user_id: string }>(
      'SELECT acked_seq, revoked_at, user_id FROM devices WHERE id = $1 FOR UPDATE', [deviceId]))[0];
    if (!device || device.revoked_at !== null) throw new DeviceRevokedError();
    const mapper = new Mapper(sql, deviceId, device.user_id);
    let acked = device.acked_seq;
    let applied = 0;
    let skipped = 0;
    const total: BatchResult = { ops: 0, messagesInserted: 0, messagesUpdated: 0 };
    const live: ArchiveOp[] = [];
    for (const b of [...batches].sort((x, y) => x.seq - y.seq)) {
      if (b.seq <= acked) {
        skipped++;
        continue;
      }
      for (const seg of await mapper.map(b)) {
        const r = await applyBatchInTransaction(sql, seg.ops, { now: seg.now, origin: deviceId });
        total.ops += r.ops;
        total.messagesInserted += r.messagesInserted;
        total.messagesUpdated += r.messagesUpdated;
        live.push(...seg.ops);
      }
      acked = b.seq;
      applied++;
    }
    await sql('UPDATE devices SET acked_seq = $2, last_seen_at = $3 WHERE id = $1', [deviceId, acked, now]);
    await notifyLive(sql, live);
    return { ackedSeq: acked, applied, skipped, result: total };
  });
}

/**
 * The history that existed before replication was turned on: operations read from the
 * local archive, idempotent, so they carry no sequence number and may be sent again.
 */
export async function ingestUpload(pool: Pool, deviceId: string, batch: Segment, now = Date.now()): Promise<BatchResult> {
  return inRetriedTransaction(pool, async (sql) => {
    const device = (await sql<{ revoked_at: number | null; user_id: string }>(
      'SELECT revoked_at, user_id FROM devices WHERE id = $1 FOR SHARE', [deviceId]))[0];
    if (!device || device.revoked_at !== null) throw new DeviceRevokedError();
    const mapper = new Mapper(sql, deviceId, device.user_id);
    const total: BatchResult = { ops: 0, messagesInserted: 0, messagesUpdated: 0 };
    for (const seg of await mapper.map(batch)) {
      const r = await applyBatchInTransaction(sql, seg.ops, { now: seg.now, origin: deviceId });
      total.ops += r.ops;
      total.messagesInserted += r.messagesInserted;
      total.messagesUpdated += r.messagesUpdated;
    }
    await sql('UPDATE devices SET last_seen_at = $2 WHERE id = $1', [deviceId, now]);
    return total;
  });
}
