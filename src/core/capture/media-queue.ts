import PQueue from 'p-queue';
import { putMedia, sanitizeFilename } from '../archive/media-store';
import type { ArchiveOpInput } from '../archive/operations';
import type { WMessage } from './wwebjs';
import { withTimeout } from './timeout';
import { rawOf } from './wwebjs';

/**
 * Downloads media when a message is received (WhatsApp's servers drop files after a
 * while), a few at a time, and stores the bytes content-addressed. The outcome is always
 * recorded: stored, too_large (never fetched), expired (WhatsApp answered "gone": not
 * retried), or failed (retried a few times per session, then left for a later session).
 * Bytes cross CDP as base64, so the size cap also bounds memory on both sides.
 */

export interface MediaQueueOptions {
  accountId: string;
  mediaDir: string;
  concurrency?: number;
  /** Messages waiting at most; beyond this they stay `pending` for the next reconcile. */
  maxQueued?: number;
  /** Files above this are not downloaded (status too_large). */
  maxBytes?: number;
  /** Failed attempts per message per session before giving up until the next session. */
  maxAttempts?: number;
  timeoutMs?: number;
  write: (ops: ArchiveOpInput[]) => Promise<void>;
  onProblem?: (messageId: string, reason: string) => void;
  /** Nothing queued or running any more (time to feed more from the archive). */
  onIdle?: () => void;
}

export class MediaQueue {
  private readonly queue: PQueue;
  private readonly queued = new Set<string>();
  private readonly attempts = new Map<string, number>();
  private readonly finished = new Set<string>();
  private stopped = false;
  private readonly o: Required<Omit<MediaQueueOptions, 'onProblem' | 'onIdle'>> & Pick<MediaQueueOptions, 'onProblem' | 'onIdle'>;

  constructor(options: MediaQueueOptions) {
    this.o = {
      concurrency: 2,
      maxQueued: 500,
      maxBytes: 64 * 1024 * 1024,
      maxAttempts: 3,
      timeoutMs: 120_000,
      ...options,
    };
    this.queue = new PQueue({ concurrency: this.o.concurrency });
    this.queue.addEventListener('idle', () => {
      if (!this.stopped) this.o.onIdle?.();
    });
  }

  /** Queues a download unless it is done, queued, full, or has failed too often. */
  enqueue(msg: WMessage): boolean {
    const id = msg.id?._serialized;
    if (!id || !msg.hasMedia || this.stopped) return false;
    if (this.finished.has(id) || this.queued.has(id)) return false;
    if ((this.attempts.get(id) ?? 0) >= this.o.maxAttempts) return false;
    if (this.queued.size >= this.o.maxQueued) return false;
    this.queued.add(id);
    // stop() rejects waiting tasks with an AbortError; they stay pending in the archive for
    // the next session, so that rejection is expected and must not surface as unhandled.
    this.queue
      .add(() => this.download(id, msg))
      .catch((err: unknown) => {
        if (!(err instanceof Error && err.name === 'AbortError')) {
          this.o.onProblem?.(id, `media not recorded: ${err instanceof Error ? err.message : String(err)}`);
        }
      })
      .finally(() => this.queued.delete(id));
    return true;
  }

  get size(): number {
    return this.queued.size;
  }

  /** How many more downloads fit in the queue now. */
  get room(): number {
    return this.stopped ? 0 : Math.max(0, this.o.maxQueued - this.queued.size);
  }

  /** Queued, done, or given up on in this session: no need to hand it over again. */
  knows(messageId: string): boolean {
    return this.queued.has(messageId) || this.finished.has(messageId) || (this.attempts.get(messageId) ?? 0) >= this.o.maxAttempts;
  }

  /** Resolves when nothing is queued or running. */
  idle(): Promise<void> {
    return this.queue.onIdle();
  }

  /** Drops what is waiting (the page went away); running downloads finish or fail. */
  stop(): void {
    this.stopped = true;
    this.queue.clear();
  }

  /** A new size cap for downloads that have not started yet. */
  setMaxBytes(maxBytes: number): void {
    this.o.maxBytes = maxBytes;
  }

  restart(): void {
    this.stopped = false;
  }

  private async download(id: string, msg: WMessage): Promise<void> {
    if (this.stopped) return;
    const raw = rawOf(msg);
    const declared = typeof raw.size === 'number' ? raw.size : null;
    const mime = typeof raw.mimetype === 'string' ? raw.mimetype.slice(0, 255) : null;
    const filename = sanitizeFilename(typeof raw.filename === 'string' ? raw.filename : null);
    const base = { op: 'media' as const, accountId: this.o.accountId, messageId: id, mime, filename };
    if (declared !== null && declared > this.o.maxBytes) {
      await this.o.write([{ ...base, status: 'too_large', size: declared, detail: `larger than the ${this.o.maxBytes}-byte cap` }]);
      this.finished.add(id);
      return;
    }
    let result: Awaited<ReturnType<WMessage['downloadMedia']>> | undefined;
    try {
      result = await withTimeout(msg.downloadMedia(), this.o.timeoutMs);
    } catch (err) {
      await this.failed(id, base, err);
      return;
    }
    if (!result || typeof result.data !== 'string') {
      // whatsapp-web.js answers nothing for 404s, error stages and re-uploads: the file is gone
      await this.o.write([{ ...base, status: 'expired', detail: 'WhatsApp no longer has this file' }]);
      this.finished.add(id);
      return;
    }
    const bytes = Buffer.from(result.data, 'base64');
    if (bytes.length > this.o.maxBytes) {
      await this.o.write([{ ...base, status: 'too_large', size: bytes.length, detail: `larger than the ${this.o.maxBytes}-byte cap` }]);
      this.finished.add(id);
      return;
    }
    try {
      const stored = await putMedia(this.o.mediaDir, bytes, this.o.maxBytes);
      await this.o.write([{
        ...base,
        status: 'stored',
        sha256: stored.sha256,
        size: stored.size,
        mime: (typeof result.mimetype === 'string' ? result.mimetype.slice(0, 255) : null) ?? mime,
        filename: sanitizeFilename(result.filename ?? null) ?? filename,
      }]);
      this.finished.add(id);
    } catch (err) {
      await this.failed(id, base, err);
    }
  }

  private async failed(id: string, base: { op: 'media'; accountId: string; messageId: string; mime: string | null; filename: string | null }, err: unknown): Promise<void> {
    const n = (this.attempts.get(id) ?? 0) + 1;
    this.attempts.set(id, n);
    const reason = err instanceof Error ? err.message : String(err);
    this.o.onProblem?.(id, `media download failed (attempt ${n}/${this.o.maxAttempts}): ${reason}`);
    await this.o.write([{ ...base, status: 'failed', detail: `attempt ${n}: ${reason}`.slice(0, 4096) }]).catch(() => undefined);
  }
}
