import fc from 'fast-check';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchApplier } from '../../src/core/archive/apply/apply-batch';
import { generateKey } from '../../src/core/archive/key';
import { openDatabase, type Db } from '../../src/core/archive/open';
import { ArchiveBatch, type ArchiveOpInput } from '../../src/core/archive/operations';
import { search } from '../../src/core/archive/queries/search';
import { threadSlice } from '../../src/core/archive/queries/thread-slice';
import type { Sql } from '../../src/server/pg/db';
import { applyBatch } from '../../src/server/pg/pg-applier';
import { pgThreadSlice } from '../../src/server/pg/read/messages';
import { pgSearch } from '../../src/server/pg/read/search';
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

/** Typed prefixes: of several words, of one, of none, alone and together (the team archive reads them through its vocabulary). */
const PREFIXES = ['p', 'pr', 'pri', 'env', 'ho pr', 'fo pi', 'x', 'zz pr'];

/** A view without the engine's own row ids (the only thing allowed to differ). */
function portable(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v, (k, x: unknown) => (k === 'rowId' ? undefined : x)));
}

describe('the team archive reads what the local archive reads', () => {
  it('every chat\'s messages and every search give the same views on both engines', async () => {
    const samples = fc.sample(scenario, { seed: 20261205, numRuns: 25 });
    let messages = 0;
    let hits = 0;
    for (const ops of samples) {
      const db: Db = openDatabase(path.join(tempDir(), 'r.db'), generateKey(), { create: true, migrate: true });
      try {
        const applier = new BatchApplier(db);
        applier.apply(ArchiveBatch.parse([createAccount]), NOW);
        applier.apply(ArchiveBatch.parse(ops), NOW);
        await pgState([ops]);
        const sql: Sql = async <R,>(text: string, values?: unknown[]) => (await pg.pool.query(text, values)).rows as R[];
        const chats = db.prepare('SELECT account_id AS accountId, wa_id AS chatId FROM chats ORDER BY wa_id').all() as Array<{ accountId: string; chatId: string }>;
        for (const chat of chats) {
          const args = { ...chat, offset: 0, limit: 500 };
          const local = threadSlice(db, args);
          messages += local.messages.length;
          expect(portable(await pgThreadSlice(sql, args)), `${chat.chatId}`).toEqual(portable(local));
        }
        for (const query of [...SEARCH_WORDS, ...PREFIXES]) {
          const local = search(db, { query, limit: 3 });
          hits += local.hits.length;
          expect(portable(await pgSearch(sql, { query, limit: 3 })), query).toEqual(portable(local));
        }
      } finally {
        db.close();
      }
    }
    // the comparison saw real content: messages in threads and hits in searches
    expect(messages).toBeGreaterThan(25);
    expect(hits).toBeGreaterThan(10);
  });
});
