import type { Db } from '../open';
import type { ArchiveOp } from '../operations';

/** One committed batch waiting for the team server, with the clock it was applied with. */
export interface OutboxBatch {
  seq: number;
  now: number;
  ops: ArchiveOp[];
}

export interface ReplicationStatus {
  enabled: boolean;
  ackedSeq: number;
  ackedAt: number | null;
  pendingBatches: number;
  pendingOps: number;
  /** JSON cursor of the initial upload, null when none is running. */
  initialUpload: string | null;
}

/**
 * Batches after `afterSeq`, oldest first, up to about `maxOps` operations (at least one
 * batch), as the JSON text of an OutboxBatch[]: built from the stored JSON without parsing
 * it, since the replicator only sends it on (a catch-up of many thousand operations would
 * otherwise be parsed, copied to the main thread and serialized again, on the rep's PC).
 */
export function outboxPayload(db: Db, args: { afterSeq: number; maxOps: number }): { json: string; batches: number } {
  const parts: string[] = [];
  let ops = 0;
  for (const r of db.prepare('SELECT seq, ops, op_count, batch_now FROM team_outbox WHERE seq > ? ORDER BY seq')
    .iterate(args.afterSeq) as Iterable<{ seq: number; ops: string; op_count: number; batch_now: number }>) {
    if (parts.length > 0 && ops + r.op_count > args.maxOps) break;
    parts.push(`{"seq":${r.seq},"now":${r.batch_now},"ops":${r.ops}}`);
    ops += r.op_count;
  }
  return { json: `[${parts.join(',')}]`, batches: parts.length };
}

/** The same batches, parsed. */
export function outboxBatches(db: Db, args: { afterSeq: number; maxOps: number }): OutboxBatch[] {
  return JSON.parse(outboxPayload(db, args).json) as OutboxBatch[];
}

/** What is waiting: answered from the covering index of migration 006, never from the operations. */
export const PENDING_SQL = 'SELECT count(*) AS batches, coalesce(sum(op_count), 0) AS ops FROM team_outbox';

export function replicationStatus(db: Db): ReplicationStatus {
  const r = db.prepare('SELECT enabled, acked_seq, acked_at, initial_upload FROM team_replication WHERE id = 1').get() as
    | { enabled: number; acked_seq: number; acked_at: number | null; initial_upload: string | null } | undefined;
  const pending = db.prepare(PENDING_SQL).get() as { batches: number; ops: number };
  return {
    enabled: !!r?.enabled,
    ackedSeq: r?.acked_seq ?? 0,
    ackedAt: r?.acked_at ?? null,
    pendingBatches: pending.batches,
    pendingOps: pending.ops,
    initialUpload: r?.initial_upload ?? null,
  };
}

/**
 * The highest message row id: rows above it were inserted later. Read when replication is
 * turned on, it bounds the history upload, since everything inserted after it travels in
 * the outbox (row ids only grow while the profile keeps its messages).
 */
export function messageHighWater(db: Db): number {
  return (db.prepare('SELECT coalesce(max(id), 0) AS n FROM messages').get() as { n: number }).n;
}
