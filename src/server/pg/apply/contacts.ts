import type { PgDomain } from './context';

/** Contacts: ids only fill in (greatest wins), each name is latest-observation-wins, flags only turn on. */
const UPSERT = `INSERT INTO contacts AS c (account_id, wa_id, lid, phone, saved_name, saved_name_at, push_name, push_name_at,
    is_business, is_me, updated_at)
  VALUES ($1, $2, $3, $4, $5, CASE WHEN $5::text IS NULL THEN NULL ELSE $6::bigint END,
    $7, CASE WHEN $7::text IS NULL THEN NULL ELSE $6::bigint END, $8, $9, $10)
  ON CONFLICT (account_id, wa_id) DO UPDATE SET
    lid = CASE WHEN c.lid IS NULL THEN excluded.lid ELSE GREATEST(c.lid, coalesce(excluded.lid, c.lid)) END,
    phone = CASE WHEN c.phone IS NULL THEN excluded.phone ELSE GREATEST(c.phone, coalesce(excluded.phone, c.phone)) END,
    saved_name = CASE WHEN excluded.saved_name IS NOT NULL AND (c.saved_name IS NULL OR excluded.saved_name_at > c.saved_name_at
      OR (excluded.saved_name_at = c.saved_name_at AND excluded.saved_name > c.saved_name)) THEN excluded.saved_name ELSE c.saved_name END,
    saved_name_at = CASE WHEN excluded.saved_name IS NOT NULL AND (c.saved_name IS NULL OR excluded.saved_name_at > c.saved_name_at
      OR (excluded.saved_name_at = c.saved_name_at AND excluded.saved_name > c.saved_name)) THEN excluded.saved_name_at ELSE c.saved_name_at END,
    push_name = CASE WHEN excluded.push_name IS NOT NULL AND (c.push_name IS NULL OR excluded.push_name_at > c.push_name_at
      OR (excluded.push_name_at = c.push_name_at AND excluded.push_name > c.push_name)) THEN excluded.push_name ELSE c.push_name END,
    push_name_at = CASE WHEN excluded.push_name IS NOT NULL AND (c.push_name IS NULL OR excluded.push_name_at > c.push_name_at
      OR (excluded.push_name_at = c.push_name_at AND excluded.push_name > c.push_name)) THEN excluded.push_name_at ELSE c.push_name_at END,
    is_business = GREATEST(c.is_business, excluded.is_business), is_me = GREATEST(c.is_me, excluded.is_me),
    updated_at = GREATEST(c.updated_at, excluded.updated_at)`;

export const contactOps: PgDomain<'upsertContact'> = {
  async upsertContact(ctx, op) {
    await ctx.sql(UPSERT, [op.accountId, op.contactId, op.lid, op.phone, op.savedName, op.at, op.pushName,
      op.isBusiness ? 1 : 0, op.isMe ? 1 : 0, ctx.now]);
  },
};
