import type { Db } from '../open';
import { type Domain, type OpOf, statements } from './context';

/** Columns a patchAccount may set, by operation field. */
const ACCOUNT_COLUMNS = {
  label: 'label', ownerId: 'owner_id', proxy: 'proxy', sortOrder: 'sort_order', phone: 'phone', meId: 'me_wa_id', removedAt: 'removed_at',
} as const satisfies Partial<Record<keyof OpOf<'patchAccount'>, string>>;

/** People and accounts: local records (not replicated observations), written as told. */
export function accountDomain(db: Db): Domain<'upsertPerson' | 'createAccount' | 'patchAccount' | 'accountState'> {
  const s = statements(db, {
    personUpsert: `INSERT INTO people (id, name, role, active, created_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT DO UPDATE SET name = excluded.name, role = excluded.role, active = excluded.active`,
    create: `INSERT INTO accounts (id, label, owner_id, partition_id, proxy, sort_order, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    state: 'UPDATE accounts SET state = ?, state_detail = ?, state_changed_at = ? WHERE id = ?',
  });
  return {
    upsertPerson(ctx, op) {
      s.personUpsert.run(op.personId, op.name, op.role, op.active ? 1 : 0, ctx.now);
    },
    createAccount(ctx, op) {
      s.create.run(op.accountId, op.label, op.ownerId, op.partitionId, op.proxy, op.sortOrder, ctx.now);
    },
    patchAccount(ctx, op) {
      const sets: string[] = [];
      const values: unknown[] = [];
      for (const [key, col] of Object.entries(ACCOUNT_COLUMNS)) {
        const v = (op as Record<string, unknown>)[key];
        if (v !== undefined) {
          sets.push(`${col} = ?`);
          values.push(v);
        }
      }
      if (sets.length === 0) return;
      const info = ctx.db.prepare(`UPDATE accounts SET ${sets.join(', ')} WHERE id = ?`).run(...values, op.accountId);
      if (info.changes === 0) throw new Error(`unknown account ${op.accountId}`);
    },
    accountState(ctx, op) {
      s.state.run(op.state, op.detail, ctx.now, op.accountId);
    },
  };
}
