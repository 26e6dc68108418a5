import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Archive } from '../../../../src/core/archive/archive';
import { generateKey, staticKeyProvider } from '../../../../src/core/archive/key';
import { migrate, schemaVersion } from '../../../../src/core/archive/migrations';
import { openDatabase } from '../../../../src/core/archive/open';
import type { ArchiveOpInput } from '../../../../src/core/archive/operations';
import { tempDir } from '../../../helpers/temp';

const ACC = 'acc-1';
const CHAT = '34600000001@c.us';
const msg = (id: string, t: number): ArchiveOpInput => ({
  op: 'upsertMessage', accountId: ACC, message: { id, chatId: CHAT, senderId: CHAT, fromMe: false, type: 'chat', body: `hola ${id}`, timestamp: t },
});

describe('migration 005: team outbox', () => {
  it('from 4 to 5: replication starts off, nothing is queued, existing data untouched', () => {
    const db = openDatabase(path.join(tempDir(), 'm.db'), generateKey(), { create: true });
    migrate(db, 4);
    db.exec(`INSERT INTO accounts (id, label, partition_id, created_at) VALUES ('acc-1', 'Sales 1', 'p-acc-1', 1)`);
    migrate(db, 5);
    expect(schemaVersion(db)).toBe(5);
    expect(db.prepare('SELECT enabled, acked_seq, initial_upload FROM team_replication').all()).toEqual([{ enabled: 0, acked_seq: 0, initial_upload: null }]);
    expect(db.prepare('SELECT count(*) AS n FROM team_outbox').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT label FROM accounts').all()).toEqual([{ label: 'Sales 1' }]);
    db.close();
  });

  it('while replicating, each committed batch is queued with its clock in the same transaction; a failed batch queues nothing', async () => {
    const archive = await Archive.open({ file: path.join(tempDir(), 'a.db'), keys: staticKeyProvider(generateKey()), create: true });
    try {
      await archive.write([{ op: 'createAccount', accountId: ACC, label: 'A', partitionId: 'pa' }, msg('before', 1_700_000_000_000)], 1000);
      expect((await archive.query('replicationStatus')).pendingBatches).toBe(0);

      await archive.outbox.enable();
      await archive.write([msg('m1', 1_700_000_001_000)], 2000);
      await archive.write([msg('m2', 1_700_000_002_000), msg('m3', 1_700_000_003_000)], 3000);
      // an operation the writer refuses (unknown account in a patch) rolls back its batch and its outbox row
      await expect(archive.write([msg('m4', 1_700_000_004_000), { op: 'patchAccount', accountId: 'nobody', label: 'x' }], 4000)).rejects.toThrow();
      const batches = await archive.query('outboxBatches', { afterSeq: 0, maxOps: 100 });
      expect(batches.map((b) => [b.now, b.ops.map((o) => (o.op === 'upsertMessage' ? o.message.id : o.op))])).toEqual([
        [2000, ['m1']],
        [3000, ['m2', 'm3']],
      ]);
      expect(await archive.query('messageDetail', { accountId: ACC, messageId: 'm4' })).toBeNull();
      expect(await archive.query('replicationStatus')).toMatchObject({ enabled: true, pendingBatches: 2, pendingOps: 3, ackedSeq: 0 });

      // paging never splits a batch, and returns at least one
      expect((await archive.query('outboxBatches', { afterSeq: 0, maxOps: 1 })).map((b) => b.ops.length)).toEqual([1]);
      expect((await archive.query('outboxBatches', { afterSeq: 0, maxOps: 2 })).map((b) => b.ops.length)).toEqual([1]);

      // acknowledged rows go; an older acknowledgement never moves the mark back
      const first = batches[0]!.seq;
      expect(await archive.outbox.ack(first, 5000)).toEqual({ ackedSeq: first, trimmed: 1 });
      expect(await archive.outbox.ack(first - 1, 6000)).toEqual({ ackedSeq: first, trimmed: 0 });
      expect(await archive.query('replicationStatus')).toMatchObject({ pendingBatches: 1, ackedSeq: first });

      await archive.outbox.disable();
      await archive.write([msg('m5', 1_700_000_005_000)], 7000);
      expect((await archive.query('replicationStatus')).pendingBatches).toBe(1);
    } finally {
      await archive.close();
    }
  });
});
