import type { Db } from '../open';
import { type Domain, statements } from './context';

/** Sync bounds widen (min/max), gaps and history fills are sets. */
export function syncDomain(db: Db): Domain<'syncState' | 'gap' | 'historyFilled'> {
  const s = statements(db, {
    syncPut: `INSERT INTO chat_sync (account_id, chat_wa_id, oldest_ts, newest_ts, complete, last_sync_at) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT DO UPDATE SET oldest_ts = min(coalesce(oldest_ts, excluded.oldest_ts), coalesce(excluded.oldest_ts, oldest_ts)),
        newest_ts = max(coalesce(newest_ts, excluded.newest_ts), coalesce(excluded.newest_ts, newest_ts)),
        complete = max(complete, excluded.complete), last_sync_at = excluded.last_sync_at`,
    gapPut: `INSERT INTO gaps (account_id, chat_wa_id, from_ts, to_ts, reason, detected_at) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT DO UPDATE SET reason = max(reason, excluded.reason), detected_at = min(detected_at, excluded.detected_at)`,
    fillPut: `INSERT INTO history_fills (account_id, chat_wa_id, from_ts, to_ts, source, filled_at)
      VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET source = min(source, excluded.source), filled_at = min(filled_at, excluded.filled_at)`,
  });
  return {
    syncState(ctx, op) {
      ctx.chatRowId(op.accountId, op.chatId);
      s.syncPut.run(op.accountId, op.chatId, op.oldestTs, op.newestTs, op.complete ? 1 : 0, ctx.now);
    },
    gap(ctx, op) {
      s.gapPut.run(op.accountId, op.chatId, op.fromTs, op.toTs, op.reason, ctx.now);
    },
    historyFilled(ctx, op) {
      s.fillPut.run(op.accountId, op.chatId, op.fromTs, op.toTs, op.source, ctx.now);
    },
  };
}
