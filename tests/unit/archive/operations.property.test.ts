import fc from 'fast-check';
import { A, NOW, delivery, scenario } from '../../helpers/op-streams';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BatchApplier } from '../../../src/core/archive/apply/apply-batch';
import { generateKey } from '../../../src/core/archive/key';
import { openDatabase, type Db } from '../../../src/core/archive/open';
import { ArchiveBatch, type ArchiveOpInput } from '../../../src/core/archive/operations';
import { tempDir } from '../../helpers/temp';
import { archiveState as state } from '../../helpers/archive-state';

/**
 * Whatever order operations arrive in, however often each is repeated and however they
 * are cut into batches, the archive ends in the same state. This is what lets capture
 * replay, re-sync and imports run without creating duplicates or losing anything.
 */

function applyAll(batches: ArchiveOpInput[][]): Db {
  const db = openDatabase(path.join(tempDir(), 'p.db'), generateKey(), { create: true, migrate: true });
  const applier = new BatchApplier(db);
  applier.apply(ArchiveBatch.parse([{ op: 'createAccount', accountId: A, label: 'A', partitionId: 'pa' }]), NOW);
  for (const b of batches) applier.apply(ArchiveBatch.parse(b), NOW);
  return db;
}

describe('archive operations converge', () => {
  it('any interleaving, duplication and batching of the same operations gives the same final state', () => {
    fc.assert(
      fc.property(scenario.chain((ops) => fc.tuple(fc.constant(ops), delivery(ops))), ([ops, batches]) => {
        const reference = applyAll([ops]);
        const shuffled = applyAll(batches);
        try {
          expect(state(shuffled)).toEqual(state(reference));
        } finally {
          reference.close();
          shuffled.close();
        }
      }),
      { numRuns: 150 },
    );
  });

  it('applying everything twice changes nothing', () => {
    fc.assert(
      fc.property(scenario, (ops) => {
        const once = applyAll([ops]);
        const twice = applyAll([ops, ops]);
        try {
          expect(state(twice)).toEqual(state(once));
        } finally {
          once.close();
          twice.close();
        }
      }),
      { numRuns: 60 },
    );
  });
});
