import type { BatchResult } from '../archive/apply/apply-batch';
import type { ArchiveOpInput } from '../archive/operations';

/**
 * Groups archive writes into transactions. Live messages go out within a few ms (small
 * batches, low latency); backfill pages are merged into bigger batches. Operations are
 * validated one by one before they get here, so a batch should not fail on content; if
 * one fails anyway it is split to keep every good operation and isolate the bad one.
 */

export interface ArchiveWriter {
  write(ops: ArchiveOpInput[]): Promise<BatchResult>;
}

export interface WriteBatcherOptions {
  /** Live writes wait at most this long for company (ms). */
  liveDelayMs?: number;
  /** Bulk writes wait at most this long to fill a batch (ms). */
  bulkDelayMs?: number;
  /** Flush as soon as this many operations are pending. */
  maxOps?: number;
  /** An operation that could not be written even alone. */
  onFailed?: (op: ArchiveOpInput, error: unknown) => void;
}

interface Pending {
  ops: ArchiveOpInput[];
  live: boolean;
  resolve: () => void;
  reject: (e: unknown) => void;
}

export class WriteBatcher {
  private queue: Pending[] = [];
  private queuedOps = 0;
  private timer: NodeJS.Timeout | null = null;
  private timerDue = Infinity;
  private writing: Promise<void> | null = null;
  private readonly o: Required<Omit<WriteBatcherOptions, 'onFailed'>> & Pick<WriteBatcherOptions, 'onFailed'>;

  constructor(private readonly archive: ArchiveWriter, options: WriteBatcherOptions = {}) {
    this.o = {
      liveDelayMs: options.liveDelayMs ?? 2,
      bulkDelayMs: options.bulkDelayMs ?? 10,
      maxOps: options.maxOps ?? 2000,
      onFailed: options.onFailed,
    };
  }

  /** Resolves once the operations are committed. */
  live(ops: ArchiveOpInput[]): Promise<void> {
    return this.add(ops, true);
  }

  bulk(ops: ArchiveOpInput[]): Promise<void> {
    return this.add(ops, false);
  }

  get pendingOps(): number {
    return this.queuedOps;
  }

  private add(ops: ArchiveOpInput[], live: boolean): Promise<void> {
    if (ops.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.queue.push({ ops, live, resolve, reject });
      this.queuedOps += ops.length;
      this.schedule(live ? this.o.liveDelayMs : this.o.bulkDelayMs);
    });
  }

  private schedule(delayMs: number): void {
    if (this.writing) return; // the running write picks the queue up when it ends
    const due = this.queuedOps >= this.o.maxOps ? 0 : delayMs;
    const at = Date.now() + due;
    if (this.timer && at >= this.timerDue) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDue = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerDue = Infinity;
      void this.run();
    }, due);
  }

  private async run(): Promise<void> {
    if (this.writing || this.queue.length === 0) return;
    const batch: Pending[] = [];
    let n = 0;
    while (this.queue.length && (n === 0 || n + this.queue[0]!.ops.length <= this.o.maxOps)) {
      const p = this.queue.shift()!;
      batch.push(p);
      n += p.ops.length;
    }
    this.queuedOps -= n;
    const done = this.commit(batch.flatMap((p) => p.ops)).then(
      () => batch.forEach((p) => p.resolve()),
      (err: unknown) => batch.forEach((p) => p.reject(err)),
    );
    this.writing = done;
    await done;
    this.writing = null;
    if (this.queue.length) {
      const anyLive = this.queue.some((p) => p.live);
      this.schedule(anyLive ? 0 : this.o.bulkDelayMs);
    }
  }

  /** Writes ops; if the archive refuses the batch, halves it until the bad op is alone. */
  private async commit(ops: ArchiveOpInput[]): Promise<void> {
    try {
      await this.archive.write(ops);
    } catch (err) {
      if (ops.length === 1) {
        if (this.o.onFailed) {
          this.o.onFailed(ops[0]!, err);
          return;
        }
        throw err;
      }
      if (isFatal(err)) throw err;
      const mid = Math.ceil(ops.length / 2);
      await this.commit(ops.slice(0, mid));
      await this.commit(ops.slice(mid));
    }
  }

  /** Resolves when everything queued so far is committed. */
  async flush(): Promise<void> {
    while (this.queue.length || this.writing) {
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = null;
        this.timerDue = Infinity;
      }
      if (this.writing) await this.writing;
      else await this.run();
    }
  }
}

/** Errors that splitting cannot fix (closed archive, full disk). */
function isFatal(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'CLOSED' || code === 'DISK_FULL';
}
