import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveBatch, type ArchiveOpInput } from '../../src/core/archive/operations';
import { createPool, migrate, type Pool, type Sql } from '../../src/server/pg/db';
import { startLocalCluster, type LocalCluster } from '../../src/server/pg/local-cluster';
import { applyBatch } from '../../src/server/pg/pg-applier';
import { pgSearch } from '../../src/server/pg/read/search';
import { ARCHIVE_MIGRATIONS } from '../../src/server/pg/schema';
import { tempDir } from '../helpers/temp';

/**
 * The team archive's search vocabulary (migration 4), which search reads typed prefixes
 * through: an archive written before it gets its words when it migrates, and every word
 * written after it (new messages, edits) is there in the same transaction.
 */

let cluster: LocalCluster;
let pool: Pool;
beforeAll(async () => {
  cluster = await startLocalCluster({ dataDir: tempDir('sb-pg-', 'file'), settings: { fsync: 'off' } });
  pool = createPool(cluster.url, 2);
});
afterAll(async () => {
  await pool?.end();
  await cluster?.stop();
});

const ACC = '8613800000401@c.us';
const NOW = 1_800_000_000_000;
const message = (id: string, body: string, t: number): ArchiveOpInput => ({ op: 'upsertMessage', accountId: ACC,
  message: { id, chatId: '34600000001@c.us', senderId: null, fromMe: true, type: 'chat', body, timestamp: t } });
const sql: Sql = async <R,>(text: string, values?: unknown[]) => (await pool.query(text, values)).rows as R[];
const found = async (query: string) => (await pgSearch(sql, { query, limit: 50 })).hits.map((h) => h.message.waId).sort();

describe('the search vocabulary', () => {
  it('is filled from an archive written before it, and follows every later write', async () => {
    await migrate(pool, ARCHIVE_MIGRATIONS.filter((m) => m.version < 4));
    await applyBatch(pool, ArchiveBatch.parse([{ op: 'createAccount', accountId: ACC, label: 'Old', partitionId: 'p' },
      message('m1', 'shipment ready', 1_700_000_000_000), message('m2', 'shipping terms', 1_700_000_001_000), message('m3', 'ship it', 1_700_000_002_000)]),
    { now: NOW });
    await migrate(pool);
    expect(await found('ship')).toEqual(['m1', 'm2', 'm3']);
    expect(await found('shipp')).toEqual(['m2']);
    expect(await found('ship rea')).toEqual(['m1']);

    // a word first seen after the migration, in a new message and in an edit
    await applyBatch(pool, ArchiveBatch.parse([message('m4', 'shipyard visit', 1_700_000_003_000),
      { op: 'edit', accountId: ACC, messageId: 'm3', body: 'shipwreck', editedAt: 1_700_000_004_000 }]), { now: NOW });
    expect(await found('ship')).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(await found('shipy')).toEqual(['m4']);
    expect(await found('shipw')).toEqual(['m3']);
    expect(await found('shipz')).toEqual([]);

    // more words behind a prefix than the vocabulary stands in for: PostgreSQL's own prefix match, same answer
    await applyBatch(pool, ArchiveBatch.parse(Array.from({ length: 80 }, (_, i) => message(`w${i}`, `quux${i.toString(36)}x`, 1_700_000_010_000 + i))),
      { now: NOW });
    expect(await found('quux')).toHaveLength(50);
    expect(await found('quux1')).toEqual(['w1', ...Array.from({ length: 36 }, (_, i) => `w${36 + i}`)].sort());
  });
});
