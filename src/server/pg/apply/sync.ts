import type { PgDomain } from './context';

/** Sync bounds widen (min/max), gaps and history fills are sets. */
export const syncOps: PgDomain<'syncState' | 'gap' | 'historyFilled'> = {
  async syncState(ctx, op) {
    await ctx.chatRowId(op.accountId, op.chatId);
    await ctx.sql(`INSERT INTO chat_sync AS s (account_id, chat_wa_id, oldest_ts, newest_ts, complete, last_sync_at)
      VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT (account_id, chat_wa_id) DO UPDATE SET
        oldest_ts = LEAST(coalesce(s.oldest_ts, excluded.oldest_ts), coalesce(excluded.oldest_ts, s.oldest_ts)),
        newest_ts = GREATEST(coalesce(s.newest_ts, excluded.newest_ts), coalesce(excluded.newest_ts, s.newest_ts)),
        complete = GREATEST(s.complete, excluded.complete), last_sync_at = excluded.last_sync_at`,
    [op.accountId, op.chatId, op.oldestTs, op.newestTs, op.complete ? 1 : 0, ctx.now]);
  },
  async gap(ctx, op) {
    await ctx.sql(`INSERT INTO gaps AS g (account_id, chat_wa_id, from_ts, to_ts, reason, detected_at) VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT (account_id, chat_wa_id, from_ts, to_ts) DO UPDATE SET
        reason = GREATEST(g.reason, excluded.reason), detected_at = LEAST(g.detected_at, excluded.detected_at)`,
    [op.accountId, op.chatId, op.fromTs, op.toTs, op.reason, ctx.now]);
  },
  async historyFilled(ctx, op) {
    await ctx.sql(`INSERT INTO history_fills AS f (account_id, chat_wa_id, from_ts, to_ts, source, filled_at) VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT (account_id, chat_wa_id, from_ts, to_ts) DO UPDATE SET
        source = LEAST(f.source, excluded.source), filled_at = LEAST(f.filled_at, excluded.filled_at)`,
    [op.accountId, op.chatId, op.fromTs, op.toTs, op.source, ctx.now]);
  },
};
