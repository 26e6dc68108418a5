import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateKey } from '../../../../src/core/archive/key';
import { migrate, schemaVersion } from '../../../../src/core/archive/migrations';
import { openDatabase } from '../../../../src/core/archive/open';
import { PENDING_SQL, replicationStatus } from '../../../../src/core/archive/queries/outbox';
import { tempDir } from '../../../helpers/temp';

describe('migration 006: outbox counts', () => {
  it('from 5 to 6: a queued backlog stays, and what is pending is counted from the index, not the operations', () => {
    const db = openDatabase(path.join(tempDir(), 'm.db'), generateKey(), { create: true });
    migrate(db, 5);
    const put = db.prepare('INSERT INTO team_outbox (ops, op_count, batch_now) VALUES (?, ?, ?)');
    for (let i = 0; i < 3; i++) put.run(JSON.stringify(Array.from({ length: 200 }, (_, k) => ({ op: 'x', pad: 'y'.repeat(100), k }))), 200, i);
    migrate(db, 6);
    expect(schemaVersion(db)).toBe(6);
    expect(replicationStatus(db)).toMatchObject({ pendingBatches: 3, pendingOps: 600 });
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${PENDING_SQL}`).all() as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/COVERING INDEX team_outbox_counts/);
    db.close();
  });
});
