import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { Db } from './open';
import type { ArchiveOp } from './operations';

/**
 * The writer's side of replication (migrations/005-team-outbox.ts): appends a committed
 * batch to the outbox inside the batch's own transaction, and trims what the server has
 * acknowledged. Prepared lazily: migration tests run writers on older schemas.
 */
export class OutboxWriter {
  private enabled: boolean | null = null;
  private put: Statement | null = null;

  constructor(private readonly db: Db) {}

  /** Whether batches go to the outbox; read once, then kept in step by setEnabled. */
  isEnabled(): boolean {
    if (this.enabled === null) {
      const has = this.db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'team_replication'`).get();
      this.enabled = !!has && !!(this.db.prepare('SELECT enabled FROM team_replication WHERE id = 1').get() as { enabled: number } | undefined)?.enabled;
    }
    return this.enabled;
  }

  /** Call inside the batch's transaction. */
  append(ops: readonly ArchiveOp[], now: number): void {
    this.put ??= this.db.prepare('INSERT INTO team_outbox (ops, op_count, batch_now) VALUES (?, ?, ?)');
    this.put.run(JSON.stringify(ops), ops.length, now);
  }

  setEnabled(enabled: boolean): void {
    this.db.prepare('UPDATE team_replication SET enabled = ? WHERE id = 1').run(enabled ? 1 : 0);
    this.enabled = enabled;
  }

  /** The server applied everything up to `seq`: those rows may go. Never moves backwards. */
  ack(seq: number, now: number): { ackedSeq: number; trimmed: number } {
    return this.db.transaction(() => {
      const trimmed = this.db.prepare('DELETE FROM team_outbox WHERE seq <= ?').run(seq).changes;
      this.db.prepare('UPDATE team_replication SET acked_seq = max(acked_seq, ?), acked_at = ? WHERE id = 1').run(seq, now);
      const { acked_seq: ackedSeq } = this.db.prepare('SELECT acked_seq FROM team_replication WHERE id = 1').get() as { acked_seq: number };
      return { ackedSeq, trimmed };
    })();
  }

  /** Progress of the one-time upload of the history that existed before replication was on. */
  setInitialUpload(state: string | null): void {
    this.db.prepare('UPDATE team_replication SET initial_upload = ? WHERE id = 1').run(state);
  }
}
