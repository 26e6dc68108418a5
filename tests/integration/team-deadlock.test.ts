import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inRetriedTransaction, inTransaction, type Sql } from '../../src/server/pg/db';
import { startTestPg, type TestPg } from '../helpers/pg';

/**
 * Desktops pushing at once can deadlock in PostgreSQL (their messages share a millisecond and
 * so a sort-key slot); the server runs the victim's transaction again instead of answering 500.
 */

let pg: TestPg;
beforeAll(async () => {
  pg = await startTestPg();
});
afterAll(async () => {
  await pg?.stop();
});

/** Two transactions that take two locks in opposite order, each waiting until the other holds its first. */
function crossed(run: typeof inTransaction) {
  let firstA!: () => void;
  let firstB!: () => void;
  const heldA = new Promise<void>((r) => { firstA = r; });
  const heldB = new Promise<void>((r) => { firstB = r; });
  let runs = 0;
  const tx = (mine: number, theirs: number, held: () => void, other: Promise<void>) => run(pg.pool, async (sql: Sql) => {
    runs++;
    await sql('SELECT pg_advisory_xact_lock($1)', [mine]);
    held();
    await other;
    await sql('SELECT pg_advisory_xact_lock($1)', [theirs]);
    return mine;
  });
  return { both: Promise.allSettled([tx(1, 2, firstA, heldB), tx(2, 1, firstB, heldA)]), runs: () => runs };
}

describe('transactions PostgreSQL aborts as deadlock victims', () => {
  it('without a retry, one of two crossed transactions fails; with it, both commit', async () => {
    const plain = crossed(inTransaction);
    const plainResults = await plain.both;
    expect(plainResults.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((plainResults.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: '40P01' });

    const retried = crossed(inRetriedTransaction);
    expect((await retried.both).map((r) => (r.status === 'fulfilled' ? r.value : null))).toEqual([1, 2]);
    expect(retried.runs()).toBe(3);
  });
});
