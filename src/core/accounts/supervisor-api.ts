import type { AccountStateEvent, AccountStatus, CapturedMessage, GapEvent, QrEvent, SyncProgress } from '../../shared/account-views';

// The payloads are the app's own view types: one definition from capture to the renderer.
export type { AccountStatus, SyncProgress } from '../../shared/account-views';

/**
 * What the app (Core facade, IPC, CLI) sees of the account supervisor. The supervisor in
 * src/core/accounts implements it; callers depend on this file only.
 */

export interface SupervisorEvents {
  state: AccountStateEvent;
  qr: QrEvent;
  sync: SyncProgress;
  gap: GapEvent;
  /** Capture finished a sync (reconcile) of an account: what arrived while it was away is archived. */
  synced: { accountId: string };
  /** A new message was committed to the archive by live capture (not by backfill). */
  captured: CapturedMessage;
  /**
   * Something went wrong that capture survived: content WhatsApp sent that cannot be
   * archived (`where: 'rejected'`), a media download that failed, a reconcile error.
   */
  problem: { accountId: string; where: string; message: string };
}

export interface NewAccount {
  label: string;
  ownerId?: string | null;
  proxy?: string | null;
}

/** What the user can change in Settings while accounts run. */
export interface SupervisorSettings {
  hibernation?: { idleMs: number | null; sweepEveryMs: number | null };
  mediaMaxBytes?: number;
}

export interface SupervisorApi {
  on<K extends keyof SupervisorEvents>(event: K, listener: (e: SupervisorEvents[K]) => void): () => void;

  addAccount(input: NewAccount): Promise<{ accountId: string }>;
  renameAccount(accountId: string, label: string): Promise<void>;
  reorderAccounts(accountIds: string[]): Promise<void>;
  setOwner(accountId: string, ownerId: string | null): Promise<void>;
  /** Takes effect at the next start; a running account restarts with it. */
  setProxy(accountId: string, proxy: string | null): Promise<void>;
  /** Stops the account and hides it; its archive is kept. Purging storage is separate. */
  removeAccount(accountId: string): Promise<void>;
  /** Deletes the account's browser storage (its WhatsApp login). The archive is untouched. */
  purgeSession(accountId: string): Promise<void>;

  /** Starts (staggered) every account that was running or retrying when the app last ran. */
  startAll(): Promise<void>;
  start(accountId: string): Promise<void>;
  stop(accountId: string): Promise<void>;
  hibernate(accountId: string): Promise<void>;
  wake(accountId: string): Promise<void>;
  /** After `conflict`: take the session back on this device. */
  useHere(accountId: string): Promise<void>;
  /** After `error`: retry now instead of waiting for the backoff. */
  retry(accountId: string): Promise<void>;
  /** The user is looking at / working in this account: resets its idle timer. */
  touch(accountId: string): void;

  /** Applies changed settings at once (no restart). */
  configure(settings: SupervisorSettings): void;

  status(accountId: string): AccountStatus | null;
  close(): Promise<void>;
}
