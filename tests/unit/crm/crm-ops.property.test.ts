import fc from 'fast-check';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BatchApplier } from '../../../src/core/archive/apply/apply-batch';
import { generateKey } from '../../../src/core/archive/key';
import { type Db, openDatabase } from '../../../src/core/archive/open';
import { ArchiveBatch, type ArchiveOpInput } from '../../../src/core/archive/operations';
import { tempDir } from '../../helpers/temp';
import { crmState } from '../../helpers/archive-state';

/**
 * The customer operations converge like the message operations: any order, duplication
 * and batching of the same operations ends in the same state. This is what lets two
 * profiles' bundles merge, and re-imports change nothing.
 */

const CUSTOMERS = ['p:34600000001', 'p:34600000002', 'c:manual-1'];
const PEOPLE = ['rep-a', 'rep-b'];
const at = fc.integer({ min: 1, max: 6 });
const customer = fc.constantFrom(...CUSTOMERS);

const op: fc.Arbitrary<ArchiveOpInput> = fc.oneof(
  fc.record({
    customerId: customer, at, by: fc.option(fc.constantFrom(...PEOPLE)),
    name: fc.option(fc.constantFrom('Ana', '王总', 'Bo'), { nil: undefined }),
    company: fc.option(fc.option(fc.constantFrom('Acme', '华为')), { nil: undefined }),
    country: fc.option(fc.constantFrom('ES', 'CN'), { nil: undefined }),
    ownerId: fc.option(fc.option(fc.constantFrom(...PEOPLE)), { nil: undefined }),
    stage: fc.option(fc.constantFrom('inquiry', 'quote', 'sample', 'pi', 'order', 'lost'), { nil: undefined }),
  }).map((r): ArchiveOpInput => ({ op: 'customer', ...r } as ArchiveOpInput)),
  fc.record({ customerId: customer, tag: fc.constantFrom('VIP', '样品'), present: fc.boolean(), at })
    .map((r): ArchiveOpInput => ({ op: 'customerTag', ...r })),
  fc.record({ noteId: fc.constantFrom('n1', 'n2'), customerId: customer, authorId: fc.option(fc.constantFrom(...PEOPLE)),
    body: fc.constantFrom('call back', '要报价'), at }).map((r): ArchiveOpInput => ({ op: 'customerNote', ...r })),
  fc.record({
    followUpId: fc.constantFrom('f1', 'f2'), customerId: customer, at, by: fc.option(fc.constantFrom(...PEOPLE)),
    details: fc.option(fc.record({ text: fc.constantFrom('send PI', '寄样'), dueAt: at, assigneeId: fc.option(fc.constantFrom(...PEOPLE)) }),
      { nil: undefined }),
    done: fc.option(fc.boolean(), { nil: undefined }),
  }).map((r): ArchiveOpInput => ({ op: 'followUp', ...r })),
  fc.record({ contactId: fc.constantFrom('34600000001@c.us', '34600000002@c.us'), customerId: fc.option(customer), at })
    .map((r): ArchiveOpInput => ({ op: 'customerLink', accountId: 'acc-1', ...r })),
  fc.record({ fromId: customer, intoId: fc.option(customer), at }).map((r): ArchiveOpInput => ({ op: 'customerMerge', ...r })),
);

function applyAll(batches: ArchiveOpInput[][]): Db {
  const db = openDatabase(path.join(tempDir(), 'c.db'), generateKey(), { create: true, migrate: true });
  const applier = new BatchApplier(db);
  for (const b of batches) applier.apply(ArchiveBatch.parse(b), 1000);
  return db;
}


describe('customer operations converge', () => {
  it('any order, duplication and batching gives the same state', () => {
    fc.assert(
      fc.property(
        fc.array(op, { minLength: 1, maxLength: 14 }).chain((ops) => fc.tuple(
          fc.constant(ops),
          fc.shuffledSubarray(ops, { minLength: ops.length, maxLength: ops.length }),
          fc.array(fc.nat(ops.length - 1), { maxLength: 4 }),
          fc.integer({ min: 1, max: 5 }),
        )),
        ([ops, shuffled, dupes, size]) => {
          const delivered = [...shuffled, ...dupes.map((i) => ops[i]!)];
          const batches: ArchiveOpInput[][] = [];
          for (let i = 0; i < delivered.length; i += size) batches.push(delivered.slice(i, i + size));
          const reference = applyAll([ops]);
          const other = applyAll(batches);
          try {
            expect(crmState(other)).toEqual(crmState(reference));
          } finally {
            reference.close();
            other.close();
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});
