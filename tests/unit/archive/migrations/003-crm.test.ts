import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BatchApplier } from '../../../../src/core/archive/apply/apply-batch';
import { generateKey } from '../../../../src/core/archive/key';
import { migrate, schemaVersion } from '../../../../src/core/archive/migrations';
import { type Db, openDatabase } from '../../../../src/core/archive/open';
import { ArchiveBatch } from '../../../../src/core/archive/operations';
import {
  DIRECT_CHATS_SQL, FOLLOW_UPS_DUE_SQL, NOTES_SQL, PHONE_CHATS_SQL, customerDetail, customerList,
} from '../../../../src/core/archive/queries/customers';
import { tempDir } from '../../../helpers/temp';

const plan = (db: Db, sql: string, ...params: unknown[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n');

describe('migration 003: customers', () => {
  it('from 2 to 3: keeps existing rows; existing chats become customers by phone; hot queries use their indexes', () => {
    const db = openDatabase(path.join(tempDir(), 'm.db'), generateKey(), { create: true });
    migrate(db, 2);
    // seed at schema 2 with plain SQL (what a v2 archive on a user's disk holds)
    db.exec(`
      INSERT INTO people (id, name, role, created_at) VALUES ('rep-a', 'Alice', 'rep', 1), ('rep-b', 'Bob', 'rep', 1);
      INSERT INTO accounts (id, label, partition_id, owner_id, created_at) VALUES ('acc-1', 'Sales 1', 'p-acc-1', 'rep-a', 1),
        ('acc-2', 'Sales 2', 'p-acc-2', 'rep-b', 1);
      INSERT INTO chats (id, account_id, wa_id, kind, last_message_ts) VALUES (1, 'acc-1', '34600000001@c.us', 'direct', 1000),
        (2, 'acc-2', '34600000001@c.us', 'direct', 2000), (3, 'acc-2', '120363000000000001@g.us', 'group', 3000);
      INSERT INTO contacts (account_id, wa_id, phone, push_name, updated_at) VALUES ('acc-1', '34600000001@c.us', '34600000001', 'Ana', 0);
      INSERT INTO messages (account_id, wa_id, chat_id, sort_key, sender_wa_id, from_me, type, body, ts, received_at)
        VALUES ('acc-1', 'M1', 1, 1024000, '34600000001@c.us', 0, 'chat', 'precio?', 1000, 1000),
               ('acc-2', 'M2', 2, 2048000, NULL, 1, 'chat', 'hola Ana', 2000, 2000);
    `);
    expect(schemaVersion(db)).toBe(2);

    migrate(db, 3);
    expect(schemaVersion(db)).toBe(3);
    expect(db.prepare('SELECT wa_id, body FROM messages ORDER BY sort_key').all()).toEqual([
      { wa_id: 'M1', body: 'precio?' }, { wa_id: 'M2', body: 'hola Ana' },
    ]);
    for (const t of ['customers', 'customer_stage_events', 'customer_tags', 'customer_notes', 'follow_ups', 'customer_links', 'customer_merges']) {
      expect(db.prepare(`SELECT count(*) AS n FROM ${t}`).get()).toEqual({ n: 0 });
    }
    // the two accounts' chats with one phone number are one customer, owned by two reps: 撞单
    const list = customerList(db, { now: 3000 });
    expect(list.items).toEqual([expect.objectContaining({
      customerId: 'p:34600000001', displayName: 'Ana', accountIds: ['acc-1', 'acc-2'], conflict: true, effectiveOwnerId: null,
    })]);

    new BatchApplier(db).apply(ArchiveBatch.parse([
      { op: 'customer', customerId: 'p:34600000001', at: 5000, by: 'rep-a', name: 'Ana García', country: 'ES', timeZone: 'Europe/Madrid',
        stage: 'quote', ownerId: 'rep-a' },
      { op: 'customerNote', noteId: 'n1', customerId: 'p:34600000001', authorId: 'rep-a', body: '要样品', at: 5001 },
      { op: 'followUp', followUpId: 'f1', customerId: 'p:34600000001', at: 5002, details: { text: 'send PI', dueAt: 9000, assigneeId: 'rep-a' } },
    ]), 6000);
    expect(customerDetail(db, { customerId: 'p:34600000001', now: 6000 })).toMatchObject({
      name: 'Ana García', stage: 'quote', effectiveOwnerId: 'rep-a', notes: [{ body: '要样品', authorName: 'Alice' }],
      followUps: [{ text: 'send PI', dueAt: 9000, done: false }], stageHistory: [{ stage: 'quote', byName: 'Alice' }],
    });

    expect(plan(db, PHONE_CHATS_SQL, '34600000001@c.us', '34600000001')).toMatch(/USING (COVERING )?INDEX chats_direct/);
    expect(plan(db, PHONE_CHATS_SQL, '34600000001@c.us', '34600000001')).toMatch(/k USING (COVERING )?INDEX contacts_phone/);
    expect(plan(db, DIRECT_CHATS_SQL)).toMatch(/SCAN c USING INDEX chats_direct/);
    expect(plan(db, DIRECT_CHATS_SQL)).toMatch(/SEARCH cl USING PRIMARY KEY/);
    expect(plan(db, NOTES_SQL, '["p:1"]', 10, 10)).toMatch(/customer_notes USING INDEX customer_notes_customer/);
    expect(plan(db, FOLLOW_UPS_DUE_SQL, 10, 10)).toMatch(/follow_ups USING INDEX follow_ups_open/);
    db.close();
  });
});
