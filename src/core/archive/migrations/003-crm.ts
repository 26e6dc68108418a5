import type { Migration } from './index';

/**
 * Customers (issue 6). A customer is a person the company sells to, seen through one or more
 * direct chats in one or more accounts. Membership is not stored per chat: a direct chat
 * belongs to the customer of its phone number (`p:<digits>`), unless a manual link says
 * otherwise, and a customer merged into another resolves to it (queries/customers.ts). So
 * re-syncs never undo a manual merge or split, and two profiles agree on a customer's id.
 *
 * Every field is last-writer-wins by its own timestamp (ties by value), every list is a set:
 * the ops converge in any order, which is what lets bundles from two profiles merge.
 *
 * - customers: the CRM fields; a row exists once anything was set for the customer.
 * - customer_stage_events: the stage history (询盘 → 报价 → 样品 → PI → 订单, or lost).
 * - customer_tags: tag present/absent, latest wins.
 * - customer_notes: append-only notes with author and time.
 * - follow_ups: reminders with a due time; details and done-state converge separately.
 * - customer_links: manual assignment of a direct chat (account, contact) to a customer;
 *   NULL customer_id means "back to automatic".
 * - customer_merges: customer `from_id` is shown as `into_id` (NULL: un-merged).
 */
export const m003Crm: Migration = {
  version: 3,
  name: 'crm',
  up(db) {
    db.exec(`
      CREATE TABLE customers (
        id TEXT PRIMARY KEY,
        name TEXT, name_at INTEGER,
        company TEXT, company_at INTEGER,
        country TEXT, country_at INTEGER,
        time_zone TEXT, time_zone_at INTEGER,
        language TEXT, language_at INTEGER,
        owner_id TEXT, owner_at INTEGER,
        stage TEXT CHECK (stage IN ('inquiry', 'quote', 'sample', 'pi', 'order', 'lost')), stage_at INTEGER,
        created_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX customers_owner ON customers(owner_id) WHERE owner_id IS NOT NULL;

      CREATE TABLE customer_stage_events (
        customer_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        stage TEXT NOT NULL CHECK (stage IN ('inquiry', 'quote', 'sample', 'pi', 'order', 'lost')),
        by_id TEXT,
        PRIMARY KEY (customer_id, at, stage)
      ) WITHOUT ROWID;

      CREATE TABLE customer_tags (
        customer_id TEXT NOT NULL,
        tag TEXT NOT NULL,
        present INTEGER NOT NULL,
        at INTEGER NOT NULL,
        PRIMARY KEY (customer_id, tag)
      ) WITHOUT ROWID;
      CREATE INDEX customer_tags_tag ON customer_tags(tag) WHERE present = 1;

      CREATE TABLE customer_notes (
        id TEXT PRIMARY KEY,
        customer_id TEXT NOT NULL,
        author_id TEXT,
        body TEXT NOT NULL,
        at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX customer_notes_customer ON customer_notes(customer_id, at);

      CREATE TABLE follow_ups (
        id TEXT PRIMARY KEY,
        customer_id TEXT NOT NULL,
        text TEXT,
        due_at INTEGER,
        assignee_id TEXT,
        details_at INTEGER,
        details_by TEXT,
        done INTEGER NOT NULL DEFAULT 0,
        status_at INTEGER,
        status_by TEXT,
        created_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX follow_ups_open ON follow_ups(due_at) WHERE done = 0;
      CREATE INDEX follow_ups_customer ON follow_ups(customer_id, due_at);

      CREATE TABLE customer_links (
        account_id TEXT NOT NULL,
        contact_wa_id TEXT NOT NULL,
        customer_id TEXT,
        at INTEGER NOT NULL,
        PRIMARY KEY (account_id, contact_wa_id)
      ) WITHOUT ROWID;
      CREATE INDEX customer_links_customer ON customer_links(customer_id) WHERE customer_id IS NOT NULL;

      CREATE TABLE customer_merges (
        from_id TEXT PRIMARY KEY,
        into_id TEXT,
        at INTEGER NOT NULL
      ) WITHOUT ROWID;

      -- A customer's direct chats across accounts, found by the chat (= contact) id.
      CREATE INDEX chats_direct ON chats(wa_id) WHERE kind = 'direct';
    `);
  },
};
