import { AUDIT_GENESIS, auditHash } from '../../core/archive/audit';
import type { Sql } from '../pg/db';

/**
 * The server's append-only, hash-chained audit log (enrollments, revocations, role
 * changes, a lead opening or exporting another rep's chat). Entries link exactly as the
 * local archive's do, so one rule verifies both. Appends are serialized by a lock.
 */
const AUDIT_LOCK = 0x53424155; // "SBAU"

export async function appendServerAudit(sql: Sql, entry: { at: number; actor: string; action: string; target?: string | null; detail?: object }): Promise<void> {
  await sql('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK]);
  const last = (await sql<{ seq: number; hash: string }>('SELECT seq, hash FROM server_audit ORDER BY seq DESC LIMIT 1'))[0];
  const row = {
    seq: (last?.seq ?? 0) + 1,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    target: entry.target ?? null,
    detail: JSON.stringify(entry.detail ?? {}),
    prev_hash: last?.hash ?? AUDIT_GENESIS,
  };
  await sql(`INSERT INTO server_audit (seq, at, actor, action, target, detail, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [row.seq, row.at, row.actor, row.action, row.target, row.detail, row.prev_hash, auditHash(row)]);
}

export interface ServerAuditCheck {
  ok: boolean;
  entries: number;
  brokenAt?: number;
}

export async function verifyServerAudit(sql: Sql): Promise<ServerAuditCheck> {
  let prev = AUDIT_GENESIS;
  let expected = 1;
  const rows = await sql<{ seq: number; at: number; actor: string; action: string; target: string | null; detail: string; prev_hash: string; hash: string }>(
    'SELECT * FROM server_audit ORDER BY seq');
  for (const row of rows) {
    if (row.seq !== expected || row.prev_hash !== prev || auditHash(row) !== row.hash) return { ok: false, entries: expected, brokenAt: row.seq };
    prev = row.hash;
    expected++;
  }
  return { ok: true, entries: rows.length };
}
