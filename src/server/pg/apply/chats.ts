import type { PgDomain } from './context';

/** Chats: every field converges to the latest observation (ties by value); names never erased by null. */
const UPSERT = `INSERT INTO chats AS c (account_id, wa_id, kind, name, name_at, parent_wa_id, observed_at, archived, mute_until,
    read_only, wa_unread, created_at, known, last_seen_ts)
  VALUES ($1, $2, $3, $4, CASE WHEN $4::text IS NULL THEN NULL ELSE $5::bigint END, $6, $5, $7, $8, $9, $10, $11, 1, $12)
  ON CONFLICT (account_id, wa_id) DO UPDATE SET
    name = CASE WHEN excluded.name IS NOT NULL AND (c.name IS NULL OR excluded.name_at > c.name_at
      OR (excluded.name_at = c.name_at AND excluded.name > c.name)) THEN excluded.name ELSE c.name END,
    name_at = CASE WHEN excluded.name IS NOT NULL AND (c.name IS NULL OR excluded.name_at > c.name_at
      OR (excluded.name_at = c.name_at AND excluded.name > c.name)) THEN excluded.name_at ELSE c.name_at END,
    parent_wa_id = CASE WHEN c.parent_wa_id IS NULL THEN excluded.parent_wa_id
      ELSE GREATEST(c.parent_wa_id, coalesce(excluded.parent_wa_id, c.parent_wa_id)) END,
    kind = CASE WHEN c.known = 0 OR excluded.observed_at > c.observed_at OR (excluded.observed_at = c.observed_at AND excluded.kind > c.kind)
      THEN excluded.kind ELSE c.kind END,
    archived = CASE WHEN c.known = 0 OR excluded.observed_at > c.observed_at OR (excluded.observed_at = c.observed_at AND excluded.archived > c.archived)
      THEN excluded.archived ELSE c.archived END,
    mute_until = CASE WHEN c.known = 0 OR excluded.observed_at > c.observed_at
      OR (excluded.observed_at = c.observed_at AND coalesce(excluded.mute_until, -1) > coalesce(c.mute_until, -1))
      THEN excluded.mute_until ELSE c.mute_until END,
    read_only = CASE WHEN c.known = 0 OR excluded.observed_at > c.observed_at OR (excluded.observed_at = c.observed_at AND excluded.read_only > c.read_only)
      THEN excluded.read_only ELSE c.read_only END,
    wa_unread = CASE WHEN c.known = 0 OR excluded.observed_at > c.observed_at OR (excluded.observed_at = c.observed_at AND excluded.wa_unread > c.wa_unread)
      THEN excluded.wa_unread ELSE c.wa_unread END,
    observed_at = CASE WHEN c.known = 0 THEN excluded.observed_at ELSE GREATEST(c.observed_at, excluded.observed_at) END,
    created_at = LEAST(coalesce(c.created_at, excluded.created_at), coalesce(excluded.created_at, c.created_at)),
    known = 1`;

export const chatOps: PgDomain<'upsertChat' | 'markSeen'> = {
  async upsertChat(ctx, op) {
    await ctx.sql(UPSERT, [op.accountId, op.chatId, op.kind, op.name, op.at, op.parentId, op.archived ? 1 : 0, op.muteUntil,
      op.readOnly ? 1 : 0, op.unreadCount, op.createdAt, ctx.now]);
  },
  async markSeen(ctx, op) {
    await ctx.sql('UPDATE chats SET last_seen_ts = GREATEST(last_seen_ts, $1) WHERE account_id = $2 AND wa_id = $3',
      [op.upTo, op.accountId, op.chatId]);
  },
};
