import type { Db } from '../open';
import { type Domain, statements } from './context';

/**
 * Each chat field converges whatever the arrival order: the latest observation wins (ties
 * by value), a null name never erases a known one, ids and creation time only fill in.
 * last_seen_ts starts at first sight, so history synced at link time does not count as unread.
 */
export function chatDomain(db: Db): Domain<'upsertChat' | 'markSeen'> {
  const s = statements(db, {
    upsert: `INSERT INTO chats (account_id, wa_id, kind, name, name_at, parent_wa_id, observed_at, archived, mute_until,
        read_only, wa_unread, created_at, known, last_seen_ts)
      VALUES (@accountId, @chatId, @kind, @name, CASE WHEN @name IS NULL THEN NULL ELSE @at END, @parentId, @at, @archived,
        @muteUntil, @readOnly, @unreadCount, @createdAt, 1, @now)
      ON CONFLICT (account_id, wa_id) DO UPDATE SET
        name = CASE WHEN excluded.name IS NOT NULL AND (name IS NULL OR excluded.name_at > name_at
          OR (excluded.name_at = name_at AND excluded.name > name)) THEN excluded.name ELSE name END,
        name_at = CASE WHEN excluded.name IS NOT NULL AND (name IS NULL OR excluded.name_at > name_at
          OR (excluded.name_at = name_at AND excluded.name > name)) THEN excluded.name_at ELSE name_at END,
        parent_wa_id = CASE WHEN parent_wa_id IS NULL THEN excluded.parent_wa_id
          ELSE max(parent_wa_id, coalesce(excluded.parent_wa_id, parent_wa_id)) END,
        kind = CASE WHEN known = 0 OR excluded.observed_at > observed_at OR (excluded.observed_at = observed_at AND excluded.kind > kind)
          THEN excluded.kind ELSE kind END,
        archived = CASE WHEN known = 0 OR excluded.observed_at > observed_at OR (excluded.observed_at = observed_at AND excluded.archived > archived)
          THEN excluded.archived ELSE archived END,
        mute_until = CASE WHEN known = 0 OR excluded.observed_at > observed_at
          OR (excluded.observed_at = observed_at AND coalesce(excluded.mute_until, -1) > coalesce(mute_until, -1))
          THEN excluded.mute_until ELSE mute_until END,
        read_only = CASE WHEN known = 0 OR excluded.observed_at > observed_at OR (excluded.observed_at = observed_at AND excluded.read_only > read_only)
          THEN excluded.read_only ELSE read_only END,
        wa_unread = CASE WHEN known = 0 OR excluded.observed_at > observed_at OR (excluded.observed_at = observed_at AND excluded.wa_unread > wa_unread)
          THEN excluded.wa_unread ELSE wa_unread END,
        observed_at = CASE WHEN known = 0 THEN excluded.observed_at ELSE max(observed_at, excluded.observed_at) END,
        created_at = min(coalesce(created_at, excluded.created_at), coalesce(excluded.created_at, created_at)),
        known = 1`,
    markSeen: 'UPDATE chats SET last_seen_ts = max(last_seen_ts, ?) WHERE account_id = ? AND wa_id = ?',
  });
  return {
    upsertChat(ctx, op) {
      s.upsert.run({ ...op, now: ctx.now, archived: op.archived ? 1 : 0, readOnly: op.readOnly ? 1 : 0 });
    },
    markSeen(_ctx, op) {
      s.markSeen.run(op.upTo, op.accountId, op.chatId);
    },
  };
}
