import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { Db } from '../open';
import type { ArchiveOp } from '../operations';
import { CUSTOMER_FIELD_KEYS, CUSTOMER_FIELDS } from '../../../shared/customer-fields';
import { toDb } from '../text-codec';

/**
 * Applies the customer operations (migrations/003-crm.ts). Each rule converges whatever the
 * arrival order: a field takes the value with the newest `at` (ties: the greater value), a
 * row's creation time is the minimum seen, sets only grow. BatchApplier calls one method per
 * operation inside its transaction.
 */

type Op<K extends ArchiveOp['op']> = Extract<ArchiveOp, { op: K }>;


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

export class CrmApplier {
  private readonly cache = new Map<string, Statement>();

  // Statements are prepared on first use: an applier may run on an older schema (migration
  // tests apply batches at earlier versions) where these tables do not exist yet.
  constructor(private readonly db: Db) {}

  private st(sql: string): Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  customer(op: Op<'customer'>): void {
    this.st(SQL.customerRow).run(op.customerId, op.at);
    for (const key of CUSTOMER_FIELD_KEYS) {
      const v = op[key];
      if (v === undefined) continue;
      const f = CUSTOMER_FIELDS[key];
      this.st(lww(f.column, f.atColumn)).run({ id: op.customerId, at: op.at, v: f.freeText ? toDb(v) : v });
    }
    if (op.stage !== undefined) this.st(SQL.stageEvent).run(op.customerId, op.at, op.stage, op.by);
  }

  tag(op: Op<'customerTag'>): void {
    this.st(SQL.tag).run({ ...op, present: op.present ? 1 : 0 });
  }

  note(op: Op<'customerNote'>): void {
    this.st(SQL.note).run({ ...op, body: toDb(op.body) });
  }

  followUp(op: Op<'followUp'>): void {
    this.st(SQL.followUpRow).run(op.followUpId, op.customerId, op.at);
    if (op.details) {
      this.st(SQL.followUpDetails).run({ id: op.followUpId, at: op.at, by: op.by, ...op.details, text: toDb(op.details.text) });
    }
    if (op.done !== undefined) this.st(SQL.followUpStatus).run({ id: op.followUpId, at: op.at, by: op.by, done: op.done ? 1 : 0 });
  }

  link(op: Op<'customerLink'>): void {
    this.st(SQL.link).run(op);
  }

  merge(op: Op<'customerMerge'>): void {
    this.st(SQL.merge).run(op);
  }
}
