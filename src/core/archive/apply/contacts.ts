import type { Db } from '../open';
import { type Domain, statements } from './context';

/** Names: the latest observation wins (ties by value), null never erases; ids fill in; flags only rise. */
export function contactDomain(db: Db): Domain<'upsertContact'> {
  const s = statements(db, {
    upsert: `INSERT INTO contacts (account_id, wa_id, lid, phone, saved_name, saved_name_at, push_name, push_name_at,
        is_business, is_me, updated_at)
      VALUES (@accountId, @contactId, @lid, @phone, @savedName, CASE WHEN @savedName IS NULL THEN NULL ELSE @at END,
        @pushName, CASE WHEN @pushName IS NULL THEN NULL ELSE @at END, @isBusiness, @isMe, @now)
      ON CONFLICT (account_id, wa_id) DO UPDATE SET
        lid = CASE WHEN lid IS NULL THEN excluded.lid ELSE max(lid, coalesce(excluded.lid, lid)) END,
        phone = CASE WHEN phone IS NULL THEN excluded.phone ELSE max(phone, coalesce(excluded.phone, phone)) END,
        saved_name = CASE WHEN excluded.saved_name IS NOT NULL AND (saved_name IS NULL OR excluded.saved_name_at > saved_name_at
          OR (excluded.saved_name_at = saved_name_at AND excluded.saved_name > saved_name)) THEN excluded.saved_name ELSE saved_name END,
        saved_name_at = CASE WHEN excluded.saved_name IS NOT NULL AND (saved_name IS NULL OR excluded.saved_name_at > saved_name_at
          OR (excluded.saved_name_at = saved_name_at AND excluded.saved_name > saved_name)) THEN excluded.saved_name_at ELSE saved_name_at END,
        push_name = CASE WHEN excluded.push_name IS NOT NULL AND (push_name IS NULL OR excluded.push_name_at > push_name_at
          OR (excluded.push_name_at = push_name_at AND excluded.push_name > push_name)) THEN excluded.push_name ELSE push_name END,
        push_name_at = CASE WHEN excluded.push_name IS NOT NULL AND (push_name IS NULL OR excluded.push_name_at > push_name_at
          OR (excluded.push_name_at = push_name_at AND excluded.push_name > push_name)) THEN excluded.push_name_at ELSE push_name_at END,
        is_business = max(is_business, excluded.is_business), is_me = max(is_me, excluded.is_me),
        updated_at = max(updated_at, excluded.updated_at)`,
  });
  return {
    upsertContact(ctx, op) {
      s.upsert.run({ ...op, isBusiness: op.isBusiness ? 1 : 0, isMe: op.isMe ? 1 : 0, now: ctx.now });
    },
  };
}
