import type { MessageView, ThreadSlice } from '../../../shared/archive-views';
import { call } from '../../api/client';

export const PAGE = 100;
/** Rows fetched to open a chat: more than fit on a tall screen. */
const FIRST_SCREEN = 40;
/** Messages kept in memory; beyond this, the ones far from the viewport are dropped. */
const KEEP = 3000;

/**
 * The loaded part of one chat, addressed by position (0 = oldest). The view spans the
 * whole chat; pages are fetched as they scroll into reach and dropped when far away,
 * so a 100k-message chat costs no more memory than a small one.
 */
export class ThreadCache {
  private readonly byIndex = new Map<number, MessageView>();
  private readonly inflight = new Set<number>();
  private disposed = false;
  /** -1 until the first slice arrives. */
  total = -1;

  constructor(
    readonly accountId: string,
    readonly chatId: string,
    private readonly changed: () => void,
    private readonly failed: (err: unknown) => void,
  ) {}

  dispose(): void {
    this.disposed = true;
  }

  get(index: number): MessageView | undefined {
    return this.byIndex.get(index);
  }

  indexOf(waId: string): number | null {
    for (const [i, m] of this.byIndex) if (m.waId === waId) return i;
    return null;
  }

  /** Loads the newest page, or the page around a message; resolves with that message's index. */
  async open(around: string | null): Promise<number | null> {
    // A screenful is enough to show the chat; whole pages around it follow (ensure).
    const slice = await this.fetch({ ...(around ? { around } : {}) }, FIRST_SCREEN);
    if (!slice) return null;
    this.store(slice);
    return slice.anchor;
  }

  /** Fetches every page touching [start, end] that is not loaded or on its way. */
  ensure(start: number, end: number): void {
    if (this.total <= 0) return;
    const first = Math.floor(Math.max(0, start) / PAGE);
    const last = Math.floor(Math.min(this.total - 1, Math.max(0, end)) / PAGE);
    for (let p = first; p <= last; p++) {
      if (this.inflight.has(p) || this.pageLoaded(p)) continue;
      this.inflight.add(p);
      void this.fetch({ offset: p * PAGE }).then((slice) => {
        this.inflight.delete(p);
        if (slice) this.store(slice);
      });
    }
  }

  /** New messages arrived (the chat's tail, fetched by the chat feed); if older history was inserted, positions moved, so start over. */
  applyTail(slice: ThreadSlice): void {
    if (this.disposed) return;
    const shifted = slice.messages.some((m, k) => {
      const cached = this.byIndex.get(slice.offset + k);
      return cached !== undefined && cached.waId !== m.waId;
    });
    if (shifted) this.byIndex.clear();
    this.store(slice);
  }

  /** Drops messages far outside [start, end] once the cache is big. */
  evict(start: number, end: number): void {
    if (this.byIndex.size <= KEEP) return;
    const lo = start - KEEP / 3;
    const hi = end + KEEP / 3;
    for (const i of this.byIndex.keys()) if (i < lo || i > hi) this.byIndex.delete(i);
  }

  private pageLoaded(p: number): boolean {
    const end = Math.min(this.total, (p + 1) * PAGE);
    for (let i = p * PAGE; i < end; i++) if (!this.byIndex.has(i)) return false;
    return true;
  }

  private async fetch(at: { offset?: number; around?: string }, limit = PAGE): Promise<ThreadSlice | null> {
    try {
      const slice = await call('archive.threadSlice', { accountId: this.accountId, chatId: this.chatId, limit, ...at });
      return this.disposed ? null : slice;
    } catch (err) {
      if (!this.disposed) this.failed(err);
      return null;
    }
  }

  private store(slice: ThreadSlice): void {
    this.total = slice.total;
    slice.messages.forEach((m, k) => this.byIndex.set(slice.offset + k, m));
    this.changed();
  }
}
