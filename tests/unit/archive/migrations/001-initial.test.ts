import { describe, expect, it } from 'vitest';
import { BatchApplier } from '../../../../src/core/archive/apply/apply-batch';
import { generateKey } from '../../../../src/core/archive/key';
import { migrate, schemaVersion } from '../../../../src/core/archive/migrations';
import { openDatabase, type Db } from '../../../../src/core/archive/open';
import { ArchiveBatch } from '../../../../src/core/archive/operations';
import { THREAD_NEWER_SQL, THREAD_OLDER_SQL } from '../../../../src/core/archive/queries/messages';
import { SEARCH_ROWS_SQL } from '../../../../src/core/archive/queries/search';
import { tempDir } from '../../../helpers/temp';
import path from 'node:path';

const plan = (db: Db, sql: string, ...params: unknown[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n');

describe('migration 001: initial schema', () => {
  it('from 0 to 1: creates the schema; seeded rows read back; hot queries use their indexes', () => {
    const db = openDatabase(path.join(tempDir(), 'm.db'), generateKey(), { create: true });
    migrate(db, 0);
    expect(schemaVersion(db)).toBe(0);
    migrate(db, 1);
    expect(schemaVersion(db)).toBe(1);

    // seeded with this version's SQL: later migrations may change what the applier expects
    db.exec(`INSERT INTO accounts (id, label, partition_id, created_at) VALUES ('acc-1', 'Sales 1', 'p-acc-1', 0);
      INSERT INTO chats (id, account_id, wa_id, kind) VALUES (1, 'acc-1', '34600000001@c.us', 'direct');
      INSERT INTO messages (account_id, wa_id, chat_id, sort_key, from_me, type, body, ts, received_at)
        VALUES ('acc-1', 'A', 1, 1024, 0, 'chat', 'hola', 1, 1), ('acc-1', 'B', 1, 2048, 0, 'chat', 'precio', 2, 2);
      INSERT INTO contacts (account_id, wa_id, phone, push_name, updated_at) VALUES ('acc-1', '34600000001@c.us', '34600000001', 'Ana', 0);`);
    expect(db.prepare('SELECT wa_id, body FROM messages ORDER BY sort_key').all()).toEqual([
      { wa_id: 'A', body: 'hola' },
      { wa_id: 'B', body: 'precio' },
    ]);

    expect(plan(db, THREAD_OLDER_SQL, 1, Number.MAX_SAFE_INTEGER, 50)).toMatch(/messages_thread/);
    expect(plan(db, THREAD_NEWER_SQL, 1, 0, 50)).toMatch(/messages_thread/);
    expect(plan(db, SEARCH_ROWS_SQL, '[1]')).toMatch(/sqlite_autoindex_messages_\d \(sort_key=\?\)/);
    expect(plan(db, 'SELECT * FROM chats INDEXED BY chats_recent ORDER BY last_message_ts DESC LIMIT 100')).toMatch(/chats_recent/);
    expect(plan(db, 'SELECT * FROM chats WHERE account_id = ? ORDER BY last_message_ts DESC LIMIT 100', 'acc-1')).toMatch(/chats_account_recent/);
    expect(plan(db, 'SELECT * FROM contacts WHERE phone = ?', '34600000001')).toMatch(/contacts_phone/);
    expect(plan(db, 'SELECT * FROM messages WHERE account_id = ? AND sender_wa_id = ? ORDER BY sort_key DESC', 'acc-1', 'x')).toMatch(/messages_sender/);
    db.close();
  });

  it('keeps the audit log append-only', () => {
    const db = openDatabase(path.join(tempDir(), 'm.db'), generateKey(), { create: true, migrate: true });
    new BatchApplier(db).apply(ArchiveBatch.parse([{ op: 'audit', actor: 'admin', action: 'purge', target: 'acc-1' }]));
    expect(() => db.prepare("UPDATE audit_log SET actor = 'someone else'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    db.close();
  });
});
