import type { Db } from '../open';
import type { ArchiveOp } from '../operations';
import { chatKindOf } from '../../../shared/vocabulary';
import type { Apply, ApplyContext, BatchResult, OpName } from './context';
import { type Appliers, appliers } from './registry';
import { type SearchIndex, searchIndex } from './search-index';

export type { BatchResult } from './context';

/**
 * Applies validated operations inside one transaction, each by its domain's applier
 * (registry.ts). Every rule there is a merge that does not depend on arrival order: sets
 * (revisions, events), maxima (ack, media status, sync bounds), minima (revoke time), and
 * "fill what is unknown" for a message's original content. That is what makes replays,
 * re-syncs and imports converge. Here: the transaction, the batch clock, chat rows, and the
 * end-of-batch chat update.
 */
export class BatchApplier {
  private readonly ops: Appliers;
  private readonly beginBatch: () => void;
  private readonly index: SearchIndex;
  private readonly chatIds = new Map<string, number>();
  /** Newest new message per chat in this batch; chats are updated once, at the end of the batch. */
  private readonly lastInBatch = new Map<number, { ts: number; rowId: number; waId: string }>();
  private readonly chatStub;
  private readonly chatId;
  private readonly chatLast;

  constructor(private readonly db: Db) {
    this.index = searchIndex(db);
    ({ ops: this.ops, beginBatch: this.beginBatch } = appliers(db, this.index));
    this.chatStub = db.prepare('INSERT INTO chats (account_id, wa_id, kind, last_seen_ts) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING');
    this.chatId = db.prepare('SELECT id FROM chats WHERE account_id = ? AND wa_id = ?');
    this.chatLast = db.prepare(`UPDATE chats SET last_message_ts = @ts, last_message_id = @rowId, last_message_wa_id = @waId
      WHERE id = @chatRowId AND (last_message_ts IS NULL OR last_message_ts < @ts OR (last_message_ts = @ts AND last_message_wa_id < @waId))`);
  }

  /** Runs the whole batch in one transaction; nothing is written if any operation fails. */
  apply(ops: ArchiveOp[], now: number = Date.now()): BatchResult {
    this.beginBatch();
    const result: BatchResult = { ops: ops.length, messagesInserted: 0, messagesUpdated: 0 };
    const ctx = this.context(now, result);
    try {
      this.db.transaction(() => {
        for (const op of ops) (this.ops[op.op] as Apply<OpName>)(ctx, op);
        for (const [chatRowId, last] of this.lastInBatch) this.chatLast.run({ ...last, chatRowId });
      }).immediate();
    } catch (err) {
      // Rolled back: chat rows created in this batch no longer exist.
      this.chatIds.clear();
      throw err;
    } finally {
      this.lastInBatch.clear();
    }
    return result;
  }

  private context(now: number, result: BatchResult): ApplyContext {
    return {
      db: this.db,
      now,
      result,
      chatRowId: (accountId, chatId) => {
        const key = `${accountId}\u0000${chatId}`;
        const cached = this.chatIds.get(key);
        if (cached !== undefined) return cached;
        this.chatStub.run(accountId, chatId, chatKindOf(chatId), now);
        const row = this.chatId.get(accountId, chatId) as { id: number } | undefined;
        if (!row) throw new Error(`chat ${chatId} could not be created`);
        this.chatIds.set(key, row.id);
        return row.id;
      },
      reindex: (accountId, waId) => this.index.reindex(accountId, waId),
      noteNewest: (chatRowId, ts, rowId, waId) => {
        const last = this.lastInBatch.get(chatRowId);
        if (!last || ts > last.ts || (ts === last.ts && waId > last.waId)) this.lastInBatch.set(chatRowId, { ts, rowId, waId });
      },
    };
  }
}
