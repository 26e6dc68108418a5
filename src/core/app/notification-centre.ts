import type { NotificationItem, OpenTarget } from '../../shared/account-views';
import { AppError } from './app-error';

/**
 * The in-app notification centre: the newest incoming messages captured live, newest
 * first, bounded. It is a view over the archive (the messages themselves are archived):
 * it lives in memory and starts from the archive's unread incoming messages, so a restart
 * keeps what still needs reading.
 */
export class NotificationCentre {
  private items: NotificationItem[] = [];
  private seq = 0;

  constructor(private readonly capacity = 500) {}

  /** The centre at startup, from the archive (newest first). */
  seed(items: ReadonlyArray<Omit<NotificationItem, 'id' | 'read'>>): void {
    this.items = items.slice(0, this.capacity).map((item) => ({ ...item, id: `n${++this.seq}`, read: false }));
  }

  add(item: Omit<NotificationItem, 'id' | 'read'>): NotificationItem {
    const n: NotificationItem = { ...item, id: `n${++this.seq}`, read: false };
    this.items.unshift(n);
    if (this.items.length > this.capacity) this.items.length = this.capacity;
    return n;
  }

  list(limit = 100): { items: NotificationItem[]; unread: number } {
    return { items: this.items.slice(0, limit), unread: this.unread() };
  }

  unread(): number {
    return this.items.reduce((n, i) => n + (i.read ? 0 : 1), 0);
  }

  /** Marks the given notifications (all when ids is undefined) read; true when any changed. */
  markRead(ids?: readonly string[]): boolean {
    const wanted = ids ? new Set(ids) : null;
    return this.mark((i) => !wanted || wanted.has(i.id));
  }

  /** A chat was read: its notifications are read too. */
  markChatRead(accountId: string, chatId: string, upTo: number): boolean {
    return this.mark((i) => i.accountId === accountId && i.chatId === chatId && i.ts <= upTo);
  }

  open(id: string): OpenTarget {
    const item = this.items.find((i) => i.id === id);
    if (!item) throw new AppError('NOT_FOUND', `No notification ${id}; it may have been dropped from the centre.`);
    item.read = true;
    return { accountId: item.accountId, chatId: item.chatId, messageId: item.messageId };
  }

  private mark(pred: (i: NotificationItem) => boolean): boolean {
    let changed = false;
    for (const i of this.items) {
      if (!i.read && pred(i)) {
        i.read = true;
        changed = true;
      }
    }
    return changed;
  }
}
