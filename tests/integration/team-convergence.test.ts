import fc from 'fast-check';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchApplier } from '../../src/core/archive/apply/apply-batch';
import { generateKey } from '../../src/core/archive/key';
import { openDatabase, type Db } from '../../src/core/archive/open';
import { ArchiveBatch, type ArchiveOpInput } from '../../src/core/archive/operations';
import { applyBatch } from '../../src/server/pg/pg-applier';
import { archiveState, SEARCH_WORDS, STATE_QUERIES } from '../helpers/archive-state';
import { A, NOW, delivery, scenario } from '../helpers/op-streams';
import { pgFtsHits, pgRows, startTestPg, truncateArchive, type TestPg } from '../helpers/pg';
import { tempDir } from '../helpers/temp';

/**
 * The team archive equals the local ones: the same random operation streams, applied to
 * the local SQLite archive in one batch and to PostgreSQL in any order, duplicated and
 * re-batched, give the same normalized state — every table a user can see, and what the
 * search index finds for each word.
 */

let pg: TestPg;
beforeAll(async () => {
  pg = await startTestPg();
});
afterAll(async () => {
  await pg?.stop();
});

const createAccount: ArchiveOpInput = { op: 'createAccount', accountId: A, label: 'A', partitionId: 'pa' };

function sqliteState(ops: ArchiveOpInput[]): Record<string, unknown> {
  const db: Db = openDatabase(path.join(tempDir(), 'p.db'), generateKey(), { create: true, migrate: true });
  try {
    const applier = new BatchApplier(db);
    applier.apply(ArchiveBatch.parse([createAccount]), NOW);
    applier.apply(ArchiveBatch.parse(ops), NOW);
    return archiveState(db);
  } finally {
    db.close();
  }
}

async function pgState(batches: ArchiveOpInput[][]): Promise<Record<string, unknown>> {
  await truncateArchive(pg.pool);
  await applyBatch(pg.pool, ArchiveBatch.parse([createAccount]), { now: NOW });
  for (const b of batches) await applyBatch(pg.pool, ArchiveBatch.parse(b), { now: NOW });
  const state: Record<string, unknown> = {};
  for (const [k, sql] of Object.entries(STATE_QUERIES)) state[k] = await pgRows(pg.pool, sql);
  state.search = await pgFtsHits(pg.pool, SEARCH_WORDS);
  return state;
}

describe('team archive (PostgreSQL) converges with the local archive (SQLite)', () => {
  it('the same operations in any order, duplicated and re-batched, give the same state on both engines', async () => {
    await fc.assert(
      fc.asyncProperty(scenario.chain((ops) => fc.tuple(fc.constant(ops), delivery(ops))), async ([ops, batches]) => {
        expect(await pgState(batches)).toEqual(sqliteState(ops));
      }),
      { numRuns: 100 },
    );
  });
});
