import { CUSTOMER_FIELD_KEYS, CUSTOMER_FIELDS } from '../../../shared/customer-fields';
import type { PgDomain } from './context';

/** "Newer wins, ties by value" for one column with its own timestamp column. */
const lww = (col: string, at: string) => `UPDATE customers SET ${col} = $1, ${at} = $2 WHERE id = $3
  AND (${at} IS NULL OR $2 > ${at} OR ($2 = ${at} AND coalesce($1::text, '') > coalesce(${col}, '')))`;

export const customerOps: PgDomain<'customer' | 'customerTag' | 'customerNote' | 'followUp' | 'customerLink' | 'customerMerge'> = {
  async customer(ctx, op) {
    await ctx.sql(`INSERT INTO customers AS c (id, created_at) VALUES ($1, $2)
      ON CONFLICT (id) DO UPDATE SET created_at = LEAST(c.created_at, excluded.created_at)`, [op.customerId, op.at]);
    for (const key of CUSTOMER_FIELD_KEYS) {
      const v = op[key];
      if (v === undefined) continue;
      const f = CUSTOMER_FIELDS[key];
      await ctx.sql(lww(f.column, f.atColumn), [v, op.at, op.customerId]);
    }
    if (op.stage !== undefined) {
      await ctx.sql(`INSERT INTO customer_stage_events AS e (customer_id, at, stage, by_id) VALUES ($1, $2, $3, $4)
        ON CONFLICT (customer_id, at, stage) DO UPDATE SET
          by_id = GREATEST(coalesce(e.by_id, excluded.by_id), coalesce(excluded.by_id, e.by_id))`,
      [op.customerId, op.at, op.stage, op.by]);
    }
  },
  async customerTag(ctx, op) {
    await ctx.sql(`INSERT INTO customer_tags AS t (customer_id, tag, present, at) VALUES ($1, $2, $3, $4)
      ON CONFLICT (customer_id, tag) DO UPDATE SET present = excluded.present, at = excluded.at
      WHERE excluded.at > t.at OR (excluded.at = t.at AND excluded.present > t.present)`,
    [op.customerId, op.tag, op.present ? 1 : 0, op.at]);
  },
  async customerNote(ctx, op) {
    await ctx.sql(`INSERT INTO customer_notes AS n (id, customer_id, author_id, body, at) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (id) DO UPDATE SET customer_id = LEAST(n.customer_id, excluded.customer_id),
        author_id = GREATEST(coalesce(n.author_id, excluded.author_id), coalesce(excluded.author_id, n.author_id)),
        body = GREATEST(n.body, excluded.body), at = LEAST(n.at, excluded.at)`,
    [op.noteId, op.customerId, op.authorId, op.body, op.at]);
  },
  async followUp(ctx, op) {
    await ctx.sql(`INSERT INTO follow_ups AS f (id, customer_id, created_at) VALUES ($1, $2, $3)
      ON CONFLICT (id) DO UPDATE SET customer_id = LEAST(f.customer_id, excluded.customer_id), created_at = LEAST(f.created_at, excluded.created_at)`,
    [op.followUpId, op.customerId, op.at]);
    if (op.details) {
      const d = op.details;
      await ctx.sql(`UPDATE follow_ups SET text = $1, due_at = $2, assignee_id = $3, details_at = $4, details_by = $5
        WHERE id = $6 AND (details_at IS NULL OR $4 > details_at OR ($4 = details_at
          AND ($1::text, $2::bigint, coalesce($3::text, ''), coalesce($5::text, ''))
            > (text, due_at, coalesce(assignee_id, ''), coalesce(details_by, ''))))`,
      [d.text, d.dueAt, d.assigneeId, op.at, op.by, op.followUpId]);
    }
    if (op.done !== undefined) {
      await ctx.sql(`UPDATE follow_ups SET done = $1, status_at = $2, status_by = $3
        WHERE id = $4 AND (status_at IS NULL OR $2 > status_at OR ($2 = status_at
          AND ($1::integer, coalesce($3::text, '')) > (done, coalesce(status_by, ''))))`,
      [op.done ? 1 : 0, op.at, op.by, op.followUpId]);
    }
  },
  async customerLink(ctx, op) {
    await ctx.sql(`INSERT INTO customer_links AS l (account_id, contact_wa_id, customer_id, at) VALUES ($1, $2, $3, $4)
      ON CONFLICT (account_id, contact_wa_id) DO UPDATE SET customer_id = excluded.customer_id, at = excluded.at
      WHERE excluded.at > l.at OR (excluded.at = l.at AND coalesce(excluded.customer_id, '') > coalesce(l.customer_id, ''))`,
    [op.accountId, op.contactId, op.customerId, op.at]);
  },
  async customerMerge(ctx, op) {
    await ctx.sql(`INSERT INTO customer_merges AS m (from_id, into_id, at) VALUES ($1, $2, $3)
      ON CONFLICT (from_id) DO UPDATE SET into_id = excluded.into_id, at = excluded.at
      WHERE excluded.at > m.at OR (excluded.at = m.at AND coalesce(excluded.into_id, '') > coalesce(m.into_id, ''))`,
    [op.fromId, op.intoId, op.at]);
  },
};
