import type { MessageTranslationView } from '../../../shared/translate-views';
import { call } from '../../api/client';

/** Ids per request: the channel's limit. */
const BATCH = 1000;

/**
 * Stored translations of the messages a view has shown, into one language. Asked for as
 * messages come into view, batched into one call per turn; refreshed when Core says
 * translations were written (translate.updated).
 */
export class TranslationCache {
  private readonly byId = new Map<string, MessageTranslationView>();
  private readonly asked = new Set<string>();
  private readonly pending = new Set<string>();
  private scheduled = false;
  private disposed = false;

  constructor(
    readonly accountId: string,
    readonly lang: string,
    private readonly changed: () => void,
    private readonly failed: (err: unknown) => void,
  ) {}

  dispose(): void {
    this.disposed = true;
  }

  get(messageId: string): MessageTranslationView | undefined {
    return this.byId.get(messageId);
  }

  ensure(messageIds: Iterable<string>): void {
    for (const id of messageIds) {
      if (this.asked.has(id)) continue;
      this.asked.add(id);
      this.pending.add(id);
    }
    this.schedule();
  }

  /** Translations of these messages were (re)written: fetch the ones this view knows again. */
  refresh(messageIds: readonly string[]): void {
    for (const id of messageIds) if (this.asked.has(id)) this.pending.add(id);
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.pending.size === 0) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      const ids = [...this.pending];
      this.pending.clear();
      for (let i = 0; i < ids.length; i += BATCH) void this.fetch(ids.slice(i, i + BATCH));
    });
  }

  private async fetch(ids: string[]): Promise<void> {
    try {
      const list = await call('translate.stored', { accountId: this.accountId, messageIds: ids, lang: this.lang });
      if (this.disposed) return;
      const found = new Map(list.map((t) => [t.messageId, t]));
      let changed = false;
      for (const id of ids) {
        const t = found.get(id);
        if (t) this.byId.set(id, t);
        changed = t !== undefined || this.byId.delete(id) || changed;
      }
      if (changed) this.changed();
    } catch (err) {
      if (!this.disposed) this.failed(err);
    }
  }
}
