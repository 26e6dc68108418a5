import type { PgDomain } from './context';

/** Account fields an operation may patch, as (op key, column). */
const PATCHABLE = [
  ['label', 'label'], ['ownerId', 'owner_id'], ['proxy', 'proxy'], ['sortOrder', 'sort_order'],
  ['phone', 'phone'], ['meId', 'me_wa_id'], ['removedAt', 'removed_at'],
] as const;

export const accountOps: PgDomain<'upsertPerson' | 'createAccount' | 'patchAccount' | 'accountState'> = {
  async upsertPerson(ctx, op) {
    await ctx.sql(`INSERT INTO people (id, name, role, active, created_at) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role, active = excluded.active`,
    [op.personId, op.name, op.role, op.active ? 1 : 0, ctx.now]);
  },
  async createAccount(ctx, op) {
    await ctx.sql(`INSERT INTO accounts (id, label, owner_id, partition_id, proxy, sort_order, created_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
    [op.accountId, op.label, op.ownerId, op.partitionId, op.proxy, op.sortOrder, ctx.now]);
  },
  async patchAccount(ctx, op) {
    const sets: string[] = [];
    const values: unknown[] = [];
    for (const [key, col] of PATCHABLE) {
      const v = op[key];
      if (v === undefined) continue;
      values.push(v);
      sets.push(`${col} = $${values.length}`);
    }
    if (sets.length === 0) return;
    values.push(op.accountId);
    const rows = await ctx.sql(`UPDATE accounts SET ${sets.join(', ')} WHERE id = $${values.length} RETURNING id`, values);
    if (rows.length === 0) throw new Error(`unknown account ${op.accountId}`);
  },
  async accountState(ctx, op) {
    await ctx.sql('UPDATE accounts SET state = $1, state_detail = $2, state_changed_at = $3 WHERE id = $4',
      [op.state, op.detail, ctx.now, op.accountId]);
  },
};
