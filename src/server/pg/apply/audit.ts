import { nextAuditEntry } from '../../../core/archive/audit';
import type { PgApplyContext, PgDomain } from './context';

/**
 * Archive audit entries, one hash chain per origin (the device that wrote them), linked
 * exactly as the local chain is, so a replicated chain verifies with the local rule. The
 * origin comes from the batch (set by the server per device); tests use one origin.
 */
export function auditOps(origin: () => string): PgDomain<'audit'> {
  return {
    async audit(ctx: PgApplyContext, op) {
      const o = origin();
      // Serializes appends to one chain across concurrent transactions.
      await ctx.sql('SELECT pg_advisory_xact_lock(hashtext($1))', [`audit:${o}`]);
      const last = (await ctx.sql<{ seq: number; hash: string }>(
        'SELECT seq, hash FROM audit_log WHERE origin = $1 ORDER BY seq DESC LIMIT 1', [o]))[0];
      const row = nextAuditEntry(last, ctx.now, op);
      await ctx.sql(`INSERT INTO audit_log (origin, seq, at, actor, action, target, detail, prev_hash, hash)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [o, row.seq, row.at, row.actor, row.action, row.target, row.detail, row.prev_hash, row.hash]);
    },
  };
}
