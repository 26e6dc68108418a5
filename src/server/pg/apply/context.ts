import type { ArchiveOp } from '../../../core/archive/operations';
import type { BatchResult } from '../../../core/archive/apply/apply-batch';
import type { Sql } from '../db';

/**
 * What a domain applier gets for one batch: the batch's transaction, its clock, and the
 * few things domains share (a chat's row id, re-indexing a message for search, the newest
 * message per chat for the end-of-batch chat update). Mirrors the SQLite BatchApplier.
 */
export interface PgApplyContext {
  readonly sql: Sql;
  /** The batch's clock: one value per batch. */
  readonly now: number;
  readonly result: BatchResult;
  chatRowId(accountId: string, chatId: string): Promise<number>;
  /** Finds or creates many chats in a few statements, so the `chatRowId` calls after it are free. */
  knownChats(pairs: ReadonlyArray<{ accountId: string; chatId: string }>): Promise<void>;
  reindex(accountId: string, waId: string): Promise<void>;
  noteNewest(chatRowId: number, ts: number, rowId: number, waId: string): void;
}

export type OpName = ArchiveOp['op'];
export type OpOf<K extends OpName> = Extract<ArchiveOp, { op: K }>;
export type PgApply<K extends OpName> = (ctx: PgApplyContext, op: OpOf<K>) => Promise<void>;
/** One domain's share of the vocabulary. */
export type PgDomain<K extends OpName> = { readonly [P in K]: PgApply<P> };
