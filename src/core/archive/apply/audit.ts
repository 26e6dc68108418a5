import { AUDIT_GENESIS, auditHash } from '../audit';
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
      const last = s.last.get() as { seq: number; hash: string } | undefined;
      const row = {
        seq: (last?.seq ?? 0) + 1,
        at: ctx.now,
        actor: op.actor,
        action: op.action,
        target: op.target,
        detail: JSON.stringify(op.detail),
        prev_hash: last?.hash ?? AUDIT_GENESIS,
      };
      s.insert.run({ ...row, hash: auditHash(row) });
    },
  };
}
