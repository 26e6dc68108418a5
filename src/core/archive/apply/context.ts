import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { Db } from '../open';
import type { ArchiveOp } from '../operations';

/**
 * What a domain applier gets for one operation: the connection, the batch's clock and
 * result, and the few things domains share — a chat's row id, re-indexing a message for
 * search, the newest message per chat for the end-of-batch chat update. BatchApplier owns
 * the transaction; the PostgreSQL applier (src/server/pg/apply) mirrors this shape.
 */
export interface ApplyContext {
  readonly db: Db;
  /** The batch's clock: one value per batch, so a batch is reproducible. */
  readonly now: number;
  readonly result: BatchResult;
  chatRowId(accountId: string, chatId: string): number;
  /** Rewrites a message's search row after its text changed (edit, late original, filename, translation). */
  reindex(accountId: string, waId: string): void;
  noteNewest(chatRowId: number, ts: number, rowId: number, waId: string): void;
}

export interface BatchResult {
  ops: number;
  messagesInserted: number;
  messagesUpdated: number;
}

export type OpName = ArchiveOp['op'];
export type OpOf<K extends OpName> = Extract<ArchiveOp, { op: K }>;
export type Apply<K extends OpName> = (ctx: ApplyContext, op: OpOf<K>) => void;
/** One domain's share of the vocabulary. */
export type Domain<K extends OpName> = { readonly [P in K]: Apply<P> };

/**
 * A domain's statements, each prepared on first use and then kept: an applier may run on an
 * older schema (migration tests apply batches at earlier versions) where a later domain's
 * tables do not exist yet.
 */
export function statements<K extends string>(db: Db, sql: Record<K, string>): Readonly<Record<K, Statement>> {
  const out = {} as Record<K, Statement>;
  for (const name of Object.keys(sql) as K[]) {
    Object.defineProperty(out, name, {
      configurable: true,
      enumerable: true,
      get() {
        const st = db.prepare(sql[name]);
        Object.defineProperty(out, name, { value: st, enumerable: true });
        return st;
      },
    });
  }
  return out;
}
