import type { Db } from '../open';
import { CUSTOMER_FIELD_KEYS, CUSTOMER_FIELDS } from '../../../shared/customer-fields';
import { toDb } from '../text-codec';
import { type Domain, statements } from './context';

/**
 * Applies the customer operations (migrations/003-crm.ts). Each rule converges whatever the
 * arrival order: a field takes the value with the newest `at` (ties: the greater value), a
 * row's creation time is the minimum seen, sets only grow.
 */


/** "Newer wins, ties by value" for one column with its own timestamp column. */
const lww = (col: string, at: string) => `UPDATE customers SET ${col} = @v, ${at} = @at WHERE id = @id
  AND (${at} IS NULL OR @at > ${at} OR (@at = ${at} AND coalesce(@v, '') > coalesce(${col}, '')))`;

const SQL = {
  customerRow: `INSERT INTO customers (id, created_at) VALUES (?, ?)
    ON CONFLICT DO UPDATE SET created_at = min(created_at, excluded.created_at)`,
  stageEvent: `INSERT INTO customer_stage_events (customer_id, at, stage, by_id) VALUES (?, ?, ?, ?)
    ON CONFLICT DO UPDATE SET by_id = max(coalesce(by_id, excluded.by_id), coalesce(excluded.by_id, by_id))`,
  tag: `INSERT INTO customer_tags (customer_id, tag, present, at) VALUES (@customerId, @tag, @present, @at)
    ON CONFLICT DO UPDATE SET present = excluded.present, at = excluded.at
    WHERE excluded.at > at OR (excluded.at = at AND excluded.present > present)`,
  note: `INSERT INTO customer_notes (id, customer_id, author_id, body, at) VALUES (@noteId, @customerId, @authorId, @body, @at)
    ON CONFLICT DO UPDATE SET customer_id = min(customer_id, excluded.customer_id),
      author_id = max(coalesce(author_id, excluded.author_id), coalesce(excluded.author_id, author_id)),
      body = max(body, excluded.body), at = min(at, excluded.at)`,
  followUpRow: `INSERT INTO follow_ups (id, customer_id, created_at) VALUES (?, ?, ?)
    ON CONFLICT DO UPDATE SET customer_id = min(customer_id, excluded.customer_id), created_at = min(created_at, excluded.created_at)`,
  followUpDetails: `UPDATE follow_ups SET text = @text, due_at = @dueAt, assignee_id = @assigneeId, details_at = @at, details_by = @by
    WHERE id = @id AND (details_at IS NULL OR @at > details_at OR (@at = details_at
      AND (@text, @dueAt, coalesce(@assigneeId, ''), coalesce(@by, '')) > (text, due_at, coalesce(assignee_id, ''), coalesce(details_by, ''))))`,
  followUpStatus: `UPDATE follow_ups SET done = @done, status_at = @at, status_by = @by
    WHERE id = @id AND (status_at IS NULL OR @at > status_at OR (@at = status_at
      AND (@done, coalesce(@by, '')) > (done, coalesce(status_by, ''))))`,
  link: `INSERT INTO customer_links (account_id, contact_wa_id, customer_id, at) VALUES (@accountId, @contactId, @customerId, @at)
    ON CONFLICT DO UPDATE SET customer_id = excluded.customer_id, at = excluded.at
    WHERE excluded.at > at OR (excluded.at = at AND coalesce(excluded.customer_id, '') > coalesce(customer_id, ''))`,
  merge: `INSERT INTO customer_merges (from_id, into_id, at) VALUES (@fromId, @intoId, @at)
    ON CONFLICT DO UPDATE SET into_id = excluded.into_id, at = excluded.at
    WHERE excluded.at > at OR (excluded.at = at AND coalesce(excluded.into_id, '') > coalesce(into_id, ''))`,
};

export type CustomerOp = 'customer' | 'customerTag' | 'customerNote' | 'followUp' | 'customerLink' | 'customerMerge';

export function customerDomain(db: Db): Domain<CustomerOp> {
  const s = statements(db, SQL);
  // one statement per field, prepared when first used
  const fields = statements(db, Object.fromEntries(CUSTOMER_FIELD_KEYS.map((k) => [k, lww(CUSTOMER_FIELDS[k].column, CUSTOMER_FIELDS[k].atColumn)])) as
    Record<(typeof CUSTOMER_FIELD_KEYS)[number], string>);
  return {
    customer(_ctx, op) {
      s.customerRow.run(op.customerId, op.at);
      for (const key of CUSTOMER_FIELD_KEYS) {
        const v = op[key];
        if (v === undefined) continue;
        fields[key].run({ id: op.customerId, at: op.at, v: CUSTOMER_FIELDS[key].freeText ? toDb(v) : v });
      }
      if (op.stage !== undefined) s.stageEvent.run(op.customerId, op.at, op.stage, op.by);
    },
    customerTag(_ctx, op) {
      s.tag.run({ ...op, present: op.present ? 1 : 0 });
    },
    customerNote(_ctx, op) {
      s.note.run({ ...op, body: toDb(op.body) });
    },
    followUp(_ctx, op) {
      s.followUpRow.run(op.followUpId, op.customerId, op.at);
      if (op.details) s.followUpDetails.run({ id: op.followUpId, at: op.at, by: op.by, ...op.details, text: toDb(op.details.text) });
      if (op.done !== undefined) s.followUpStatus.run({ id: op.followUpId, at: op.at, by: op.by, done: op.done ? 1 : 0 });
    },
    customerLink(_ctx, op) {
      s.link.run(op);
    },
    customerMerge(_ctx, op) {
      s.merge.run(op);
    },
  };
}
