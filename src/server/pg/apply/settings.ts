import type { PgDomain } from './context';

export const settingOps: PgDomain<'setting'> = {
  async setting(ctx, op) {
    await ctx.sql('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      [op.key, JSON.stringify(op.value ?? null)]);
  },
};
