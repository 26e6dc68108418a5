import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BatchApplier } from '../../../../src/core/archive/apply/apply-batch';
import { generateKey } from '../../../../src/core/archive/key';
import { migrate, schemaVersion } from '../../../../src/core/archive/migrations';
import { type Db, openDatabase } from '../../../../src/core/archive/open';
import { ArchiveBatch } from '../../../../src/core/archive/operations';
import { gaps, stats } from '../../../../src/core/archive/queries/admin';
import { chatDetail } from '../../../../src/core/archive/queries/chats';
import { OPEN_GAP } from '../../../../src/core/archive/queries/gap-sql';
import { tempDir } from '../../../helpers/temp';

const plan = (db: Db, sql: string, ...params: unknown[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n');

const CHAT = '34600000001@c.us';

describe('migration 004: history fills', () => {
  it('from 3 to 4: existing gaps stay open until a fill covers them; the open-gap check uses the fills key', () => {
    const db = openDatabase(path.join(tempDir(), 'm.db'), generateKey(), { create: true });
    migrate(db, 3);
    db.exec(`
      INSERT INTO accounts (id, label, partition_id, created_at) VALUES ('acc-1', 'Sales 1', 'p-acc-1', 1);
      INSERT INTO chats (id, account_id, wa_id, kind, last_message_ts) VALUES (1, 'acc-1', '${CHAT}', 'direct', 9000);
      INSERT INTO gaps (account_id, chat_wa_id, from_ts, to_ts, reason, detected_at) VALUES
        ('acc-1', '${CHAT}', 1000, 2000, 'not on this device', 5),
        ('acc-1', '${CHAT}', 5000, 8000, 'not on this device', 6);
    `);
    migrate(db, 4);
    expect(schemaVersion(db)).toBe(4);
    expect(gaps(db, {}).map((g) => g.fromTs)).toEqual([1000, 5000]);

    const apply = (ops: unknown[]) => new BatchApplier(db).apply(ArchiveBatch.parse(ops), 10_000);
    // a fill that only covers part of a gap closes nothing
    apply([{ op: 'historyFilled', accountId: 'acc-1', chatId: CHAT, fromTs: 6000, toTs: 9000, source: 'device' }]);
    expect(gaps(db, {}).map((g) => g.fromTs)).toEqual([1000, 5000]);
    // one that spans it closes it, and only it
    apply([{ op: 'historyFilled', accountId: 'acc-1', chatId: CHAT, fromTs: 4000, toTs: 8059, source: 'import' }]);
    expect(gaps(db, {}).map((g) => g.fromTs)).toEqual([1000]);
    expect(stats(db).openGaps).toBe(1);
    expect(chatDetail(db, { accountId: 'acc-1', chatId: CHAT })!.gaps.map((g) => g.fromTs)).toEqual([1000]);
    // replaying is harmless
    apply([{ op: 'historyFilled', accountId: 'acc-1', chatId: CHAT, fromTs: 4000, toTs: 8059, source: 'device' }]);
    expect(db.prepare('SELECT source, filled_at FROM history_fills WHERE from_ts = 4000').all()).toEqual([{ source: 'device', filled_at: 10_000 }]);

    expect(plan(db, `SELECT count(*) FROM gaps g WHERE ${OPEN_GAP}`)).toMatch(/f USING PRIMARY KEY \(account_id=\? AND chat_wa_id=\? AND from_ts<\?\)/);
  });
});
