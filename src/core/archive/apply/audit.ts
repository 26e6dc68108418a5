import { nextAuditEntry } from '../audit';
import type { Db } from '../open';
import { type Domain, statements } from './context';

/** The audit log is a hash chain: each entry carries the previous one's hash. */
export function auditDomain(db: Db): Domain<'audit'> {
  const s = statements(db, {
    last: 'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
    insert: `INSERT INTO audit_log (seq, at, actor, action, target, detail, prev_hash, hash)
      VALUES (@seq, @at, @actor, @action, @target, @detail, @prev_hash, @hash)`,
  });
  return {
    audit(ctx, op) {
      s.insert.run(nextAuditEntry(s.last.get() as { seq: number; hash: string } | undefined, ctx.now, op));
    },
  };
}
