import type { ReplicationState } from '../../shared/team-views';
import type { Archive } from '../archive/archive';
import { ArchiveBatch } from '../archive/operations';
import { identityPage, UploadCursor, type UploadPage, uploadPage } from './history-upload';
import type { Enrollment } from './enrollment';
import { readFile } from 'node:fs/promises';
import { mediaPath } from '../archive/media-store';
import { JsonText, TeamHttpError, teamRequest } from './team-http';
import { type InboxItem, InboxResponse, type MediaMissingResponse } from './wire';

/**
 * Sends this profile's archive to the team server: first the history that existed before
 * enrollment (resumable), then the outbox, batch by batch in sequence order. The local
 * outbox is trimmed only up to what the server acknowledged after its COMMIT. Network
 * trouble never touches the local archive: the outbox grows, the state says since when
 * the server is unreachable, and sending resumes with backoff. A revoked device stops.
 */

export type { ReplicationState } from '../../shared/team-views';

export interface ReplicatorOptions {
  archive: Archive;
  enrollment: Enrollment;
  onState?: (s: ReplicationState) => void;
  /** Most operations in one push. */
  maxOps?: number;
  /** Backoff after a failure: first and longest wait (ms). */
  retryMinMs?: number;
  retryMaxMs?: number;
  /** This profile's media folder: stored files the server lacks are sent after the messages; omitted: media stays here. */
  mediaDir?: string | null;
  /** Look at the outbox at least this often when nothing nudges (ms). */
  idleMs?: number;
  /** When in sync, tell the server this PC is there at least this often (ms; the lead's team overview shows it). */
  heartbeatMs?: number;
  /** This app's version, shown to the lead with the PC. */
  appVersion?: string;
  /** What the server asks of this PC (bring an account down, let one go), checked with each heartbeat; resolves once done. */
  onInbox?: (item: InboxItem) => Promise<void>;
  now?: () => number;
}

export class Replicator {
  private stopped = false;
  private wake: (() => void) | null = null;
  private nudged = false;
  private loop: Promise<void> | null = null;
  private failingSince: number | null = null;
  private last: ReplicationState = { state: 'stopped' };
  /**
   * Media files already offered to the server, by (stored_at, sha256). In memory: after a
   * restart every file is offered again once, and the server answers which it lacks.
   */
  private mediaCursor = { storedAt: -1, sha256: '' };
  /** The server keeps no media: stop asking until the app restarts. */
  private mediaOff = false;
  /**
   * Whether stored files may be waiting: true at start and after each pushed batch (a file is
   * recorded by an operation, so a new file means a new batch). Keeps the idle loop from
   * scanning the media table every few seconds.
   */
  private mediaDirty = true;
  /** When the server last heard from this PC. */
  private contactAt = -Infinity;
  /** The last inbox item done. */
  private inboxAck: number | null = null;
  /** The upload page after the one in flight, read while the server applies that one. */
  private nextPage: { cursor: string; page: Promise<UploadPage | null> } | null = null;

  constructor(private readonly o: ReplicatorOptions) {}

  get state(): ReplicationState {
    return this.last;
  }

  start(): void {
    this.stopped = false;
    this.loop ??= this.run().finally(() => { this.loop = null; });
  }

  /** Something was committed: look at the outbox now rather than at the next idle tick. */
  nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    this.emit({ state: 'stopped' });
  }

  /** Runs until the outbox is empty and the history uploaded, or throws the first failure (CLI `team push`). */
  async drain(): Promise<ReplicationState> {
    while (await this.step()) { /* next page or batch */ }
    return this.last;
  }

  private emit(s: ReplicationState): void {
    this.last = s;
    this.o.onState?.(s);
  }

  /**
   * Work about to be tried. While the server is failing, the rail keeps saying since when
   * (with the pending count it last read) instead of flickering to "pending" on every retry;
   * the first success says what is true again.
   */
  private progress(s: ReplicationState): void {
    if (this.failingSince === null) this.emit(s);
  }

  private get http() {
    const e = this.o.enrollment;
    return { serverUrl: e.serverUrl, pinned: e.pinned, token: e.token };
  }

  /** One unit of work; false when there is nothing to send. */
  private async step(): Promise<boolean> {
    const { archive } = this.o;
    const now = this.o.now ?? Date.now;
    const status = await archive.query('replicationStatus');
    const cursor = status.initialUpload ? UploadCursor.parse(JSON.parse(status.initialUpload)) : null;
    const identity = cursor ? await identityPage(archive, cursor) : null;
    if (cursor && identity) {
      // who the accounts are, before any live batch: the server maps those at once
      if (identity.ops.length) await teamRequest(this.http, 'POST', '/upload', { now: now(), ops: ArchiveBatch.parse(identity.ops),
        upload: { done: cursor.done, total: cursor.total } });
      this.contactAt = now();
      await archive.outbox.setInitialUpload(JSON.stringify(identity.next));
      return true;
    }
    // Live batches first: what is being said now should not wait behind years of history.
    const outbox = await archive.query('outboxPayload', { afterSeq: status.ackedSeq, maxOps: this.o.maxOps ?? 5000 });
    if (outbox.batches > 0) {
      this.progress({ state: 'pending', pendingOps: status.pendingOps, pendingBatches: status.pendingBatches });
      // a PushRequest, written around the stored JSON (the server validates it as any request)
      const r = await teamRequest<{ ackedSeq: number }>(this.http, 'POST', '/push',
        new JsonText(`{"batches":${outbox.json},"pendingOps":${status.pendingOps}}`));
      this.contactAt = now();
      await archive.outbox.ack(r.ackedSeq, now());
      this.mediaDirty = true;
      return true;
    }
    if (cursor) {
      const key = JSON.stringify(cursor);
      const ahead = this.nextPage;
      this.nextPage = null;
      const page = await (ahead?.cursor === key ? ahead.page : uploadPage(archive, cursor));
      if (page && page.next.stage !== 'done') {
        // reading a page and applying one overlap: the archive's reader and the server work at once
        const ahead = uploadPage(archive, page.next);
        ahead.catch(() => undefined); // read again, and its error seen, on the next step
        this.nextPage = { cursor: JSON.stringify(page.next), page: ahead };
      }
      const upload = page && page.next.stage !== 'done' ? { done: page.next.done, total: page.next.total } : null;
      if (page?.ops.length) await teamRequest(this.http, 'POST', '/upload', { now: now(), ops: ArchiveBatch.parse(page.ops), upload });
      this.contactAt = now();
      await archive.outbox.setInitialUpload(!page || page.next.stage === 'done' ? null : JSON.stringify(page.next));
      if (page) this.emit({ state: 'uploading', done: page.next.done, total: page.next.total });
      return true;
    }
    if (await this.mediaStep()) return true;
    if (now() - this.contactAt >= (this.o.heartbeatMs ?? 15_000)) {
      await teamRequest(this.http, 'POST', '/heartbeat', { pendingOps: 0, upload: null, appVersion: this.o.appVersion ?? null });
      this.contactAt = now();
      if (this.o.onInbox && await this.inbox(this.o.onInbox)) return true;
    }
    this.emit({ state: 'synced', at: status.ackedAt ?? now() });
    return false;
  }

  /** Does what the server asked, in order, acknowledging each once done; true when there was something. */
  private async inbox(handle: (item: InboxItem) => Promise<void>): Promise<boolean> {
    const { items } = InboxResponse.parse(await teamRequest(this.http, 'POST', '/inbox', { ack: this.inboxAck }));
    for (const item of items) {
      await handle(item);
      this.inboxAck = item.seq;
    }
    // acknowledged with the next call; a crash before it repeats the items, which are idempotent
    if (items.length) await teamRequest(this.http, 'POST', '/inbox', { ack: this.inboxAck });
    return items.length > 0;
  }

  /** Offers the next stored media files; sends those the server lacks. False when there is nothing to offer. */
  private async mediaStep(): Promise<boolean> {
    const dir = this.o.mediaDir;
    if (!dir || this.mediaOff || !this.mediaDirty) return false;
    const files = await this.o.archive.query('mediaFilesAfter', { ...this.mediaCursor, limit: 500 });
    const last = files.at(-1);
    if (!last) {
      this.mediaDirty = false;
      return false;
    }
    const r = await teamRequest<MediaMissingResponse>(this.http, 'POST', '/media/missing', { sha256: files.map((f) => f.sha256) });
    if (r.maxBytes === null) {
      this.mediaOff = true;
      return false;
    }
    const sizes = new Map(files.map((f) => [f.sha256, f.size]));
    // too large for the server: kept on this PC only (the server would refuse it every time)
    const send = r.missing.filter((h) => (sizes.get(h) ?? Infinity) <= r.maxBytes!);
    for (const [i, sha256] of send.entries()) {
      this.progress({ state: 'media', pending: send.length - i });
      let bytes: Buffer;
      try {
        bytes = await readFile(mediaPath(dir, sha256));
      } catch {
        continue; // the file is gone from this PC (moved data folder half-copied, deleted by hand): nothing to send
      }
      await teamRequest(this.http, 'PUT', `/media/${sha256}`, bytes);
    }
    this.mediaCursor = { storedAt: last.storedAt, sha256: last.sha256 };
    return true;
  }

  private async idle(ms: number): Promise<void> {
    if (this.nudged || this.stopped) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
    this.wake = null;
  }

  private async run(): Promise<void> {
    const min = this.o.retryMinMs ?? 1000;
    const max = this.o.retryMaxMs ?? 60_000;
    let wait = min;
    while (!this.stopped) {
      this.nudged = false;
      try {
        const more = await this.step();
        this.failingSince = null;
        wait = min;
        if (!more) await this.idle(this.o.idleMs ?? 5000);
      } catch (err) {
        if (err instanceof TeamHttpError && err.code === 'DEVICE_REVOKED') {
          this.emit({ state: 'revoked', message: err.message });
          return;
        }
        this.failingSince ??= (this.o.now ?? Date.now)();
        const pending = await this.o.archive.query('replicationStatus').then((s) => s.pendingOps, () => 0);
        this.emit({ state: 'unreachable', since: this.failingSince, error: err instanceof Error ? err.message : String(err), pendingOps: pending });
        this.nudged = false;
        await this.idle(wait);
        wait = Math.min(max, wait * 2);
      }
    }
  }
}
