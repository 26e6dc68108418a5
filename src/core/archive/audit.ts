import { createHash } from 'node:crypto';
import type { Db } from './open';

export const AUDIT_GENESIS = '0'.repeat(64);

export interface AuditRow {
  seq: number;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  detail: string;
  prev_hash: string;
  hash: string;
}

/** The hash of one entry commits to its content and to the entry before it. */
export function auditHash(row: Omit<AuditRow, 'hash'>): string {
  const canonical = JSON.stringify([row.seq, row.at, row.actor, row.action, row.target, row.detail, row.prev_hash]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** The entry that extends a chain whose last entry is `last` (none: the chain starts here). */
export function nextAuditEntry(last: { seq: number; hash: string } | undefined, at: number,
  e: { actor: string; action: string; target: string | null; detail: Record<string, unknown> }): AuditRow {
  const row = { seq: (last?.seq ?? 0) + 1, at, actor: e.actor, action: e.action, target: e.target, detail: JSON.stringify(e.detail),
    prev_hash: last?.hash ?? AUDIT_GENESIS };
  return { ...row, hash: auditHash(row) };
}

export interface ChainCheck {
  ok: boolean;
  entries: number;
  /** First entry whose hash or link is wrong. */
  brokenAt?: number;
}

export function verifyAuditChain(db: Db): ChainCheck {
  let prev = AUDIT_GENESIS;
  let entries = 0;
  let expectedSeq = 1;
  for (const row of db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as Iterable<AuditRow>) {
    entries++;
    if (row.seq !== expectedSeq || row.prev_hash !== prev || auditHash(row) !== row.hash) {
      return { ok: false, entries, brokenAt: row.seq };
    }
    prev = row.hash;
    expectedSeq++;
  }
  return { ok: true, entries };
}
