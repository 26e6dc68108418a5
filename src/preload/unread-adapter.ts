/**
 * Reads unread counts from WhatsApp Web's own IndexedDB instead of scraping its DOM (the
 * approach Ferdium's WhatsApp recipe proved). WhatsApp changes its storage without notice,
 * so the knowledge of where and how lives in one versioned adapter; when it stops matching,
 * counts go to zero and `adapter` says which version failed, instead of the app breaking.
 *
 * Runs in the account preload (sandboxed, no Node, no npm packages).
 */

export interface UnreadAdapter {
  id: string;
  database: string;
  store: string;
}

export const MODEL_STORAGE_V1: UnreadAdapter = { id: 'model-storage/chat@1', database: 'model-storage', store: 'chat' };

export interface UnreadSummary {
  adapter: string;
  unread: number;
  unreadMuted: number;
  chatsWithUnread: number;
}

const MAX_PER_CHAT = 100_000;

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * One row of `model-storage`/`chat`: `unreadCount` (> 0 messages; -1 = marked unread),
 * `muteExpiration` (0 none, -1 forever, else epoch seconds), `isAutoMuted`, `archive`.
 * Archived chats count as muted: WhatsApp keeps them out of its own badge.
 */
export function summarizeChats(rows: readonly unknown[], nowMs: number, adapter = MODEL_STORAGE_V1): UnreadSummary {
  let unread = 0;
  let unreadMuted = 0;
  let chatsWithUnread = 0;
  for (const row of rows) {
    if (typeof row !== 'object' || row === null) continue;
    const r = row as Record<string, unknown>;
    const count = num(r['unreadCount']);
    if (count === null || count === 0 || count < -1) continue;
    const messages = count === -1 ? 1 : Math.min(Math.floor(count), MAX_PER_CHAT);
    const mute = num(r['muteExpiration']) ?? 0;
    const muted = mute === -1 || mute * 1000 > nowMs || r['isAutoMuted'] === true || r['archive'] === true;
    if (muted) unreadMuted += messages;
    else unread += messages;
    chatsWithUnread++;
  }
  return { adapter: adapter.id, unread, unreadMuted, chatsWithUnread };
}

/** The part of the browser's IndexedDB API the reader uses (the node-side tsconfig has no DOM). */
export interface IdbLike {
  databases(): Promise<Array<{ name?: string }>>;
  open(name: string): IdbRequestLike;
}
interface IdbRequestLike {
  result: unknown;
  error: unknown;
  transaction: { abort(): void } | null;
  onsuccess: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onupgradeneeded: ((ev: unknown) => void) | null;
  onblocked?: ((ev: unknown) => void) | null;
}

/**
 * All rows of the adapter's store, or null when WhatsApp has not created the database or
 * store (not logged in yet, or a new storage layout). Never creates or upgrades anything:
 * opening a missing database would create an empty one that WhatsApp then has to upgrade.
 * Self-contained (no outer references) so tests can run it in a real Chromium page.
 */
export async function readChatRows(idb: IdbLike, adapter: UnreadAdapter): Promise<unknown[] | null> {
  const dbs = await idb.databases();
  if (!dbs.some((d) => d.name === adapter.database)) return null;
  type Db = {
    objectStoreNames: { contains(n: string): boolean };
    transaction(s: string, mode: 'readonly'): { objectStore(s: string): { getAll(): IdbRequestLike } };
    close(): void;
  };
  const db = await new Promise<Db | null>((resolve, reject) => {
    const req = idb.open(adapter.database);
    req.onupgradeneeded = () => {
      // The database vanished between databases() and open(): do not create it.
      req.transaction?.abort();
    };
    req.onsuccess = () => resolve(req.result as Db);
    req.onerror = () => {
      const err = req.error as { name?: string } | null;
      if (err && err.name === 'AbortError') resolve(null);
      else reject(new Error(`IndexedDB open failed: ${String(err && err.name)}`));
    };
  });
  if (!db) return null;
  try {
    if (!db.objectStoreNames.contains(adapter.store)) return null;
    return await new Promise<unknown[]>((resolve, reject) => {
      const req = db.transaction(adapter.store, 'readonly').objectStore(adapter.store).getAll();
      req.onsuccess = () => resolve(Array.isArray(req.result) ? (req.result as unknown[]) : []);
      req.onerror = () => reject(new Error('IndexedDB read failed'));
    });
  } finally {
    // Keeping a connection open would block WhatsApp's own version upgrades.
    db.close();
  }
}
