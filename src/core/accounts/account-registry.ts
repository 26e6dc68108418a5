import { randomBytes } from 'node:crypto';
import type { AccountState } from '../../shared/account-state';
import type { Archive } from '../archive/archive';
import { RUNNING_STATES } from './lifecycle-rules';
import type { NewAccount } from './supervisor-api';

/** An account as the archive records it. */
export interface AccountRecord {
  readonly id: string;
  label: string;
  readonly partitionId: string;
  proxy: string | null;
  /** The state the archive had when this process started (startAll resumes from it). */
  readonly persisted: AccountState;
  /** The state to begin with: a previous run's live states are stale until the account starts again. */
  readonly initial: { state: AccountState; detail: string | null };
}

/**
 * Which accounts exist: read from the archive once, and every change (create, rename,
 * reorder, owner, proxy, remove) written there. Each account gets one `T` (its lifecycle),
 * made by the caller.
 */
export class AccountRegistry<T> {
  private readonly entries = new Map<string, { record: AccountRecord; value: T }>();
  readonly loaded: Promise<void>;

  constructor(private readonly archive: Archive, private readonly make: (record: AccountRecord) => T) {
    this.loaded = this.load();
  }

  private async load(): Promise<void> {
    for (const row of await this.archive.query('accounts', {})) {
      const persisted = row.state as AccountState;
      this.add({
        id: row.id, label: row.label, partitionId: row.partitionId, proxy: row.proxy, persisted,
        initial: { state: RUNNING_STATES.includes(persisted) ? 'stopped' : persisted, detail: row.stateDetail },
      });
    }
  }

  private add(record: AccountRecord): T {
    const value = this.make(record);
    this.entries.set(record.id, { record, value });
    return value;
  }

  /** The account, once the registry is loaded; throws for an unknown id. */
  async get(accountId: string): Promise<{ record: AccountRecord; value: T }> {
    await this.loaded;
    const e = this.entries.get(accountId);
    if (!e) throw new Error(`There is no account ${JSON.stringify(accountId).slice(0, 80)}.`);
    return e;
  }

  peek(accountId: string): T | undefined {
    return this.entries.get(accountId)?.value;
  }

  values(): T[] {
    return [...this.entries.values()].map((e) => e.value);
  }

  records(): AccountRecord[] {
    return [...this.entries.values()].map((e) => e.record);
  }

  async create(input: NewAccount): Promise<{ accountId: string; value: T }> {
    await this.loaded;
    const label = input.label.trim();
    if (!label) throw new Error('An account needs a name.');
    // lower-case only: Electron derives a partition's folder from its lower-cased name
    const accountId = `acc-${randomBytes(6).toString('hex')}`;
    // the host turns this into its storage name (Electron: partitionFor → persist:wa-<id>)
    const partitionId = accountId;
    const rows = await this.archive.query('accounts', { includeRemoved: true });
    const sortOrder = rows.reduce((m, r) => Math.max(m, r.sortOrder), -1) + 1;
    await this.archive.write([
      { op: 'createAccount', accountId, label, partitionId, ownerId: input.ownerId ?? null, proxy: input.proxy ?? null, sortOrder },
      { op: 'accountState', accountId, state: 'stopped' },
    ]);
    const value = this.add({ id: accountId, label, partitionId, proxy: input.proxy ?? null, persisted: 'stopped',
      initial: { state: 'stopped', detail: null } });
    return { accountId, value };
  }

  async rename(accountId: string, label: string): Promise<void> {
    const { record } = await this.get(accountId);
    const clean = label.trim();
    if (!clean) throw new Error('An account needs a name.');
    await this.archive.write([{ op: 'patchAccount', accountId, label: clean }]);
    record.label = clean;
  }

  async reorder(accountIds: string[]): Promise<void> {
    await this.loaded;
    for (const id of accountIds) if (!this.entries.has(id)) throw new Error(`There is no account ${id}.`);
    await this.archive.write(accountIds.map((accountId, i) => ({ op: 'patchAccount' as const, accountId, sortOrder: i })));
  }

  async setOwner(accountId: string, ownerId: string | null): Promise<void> {
    await this.get(accountId);
    await this.archive.write([{ op: 'patchAccount', accountId, ownerId }]);
  }

  async setProxy(accountId: string, proxy: string | null): Promise<void> {
    const { record } = await this.get(accountId);
    await this.archive.write([{ op: 'patchAccount', accountId, proxy }]);
    record.proxy = proxy;
  }

  /** Hides the account; its archive is kept. */
  async remove(accountId: string, at: number): Promise<void> {
    await this.get(accountId);
    await this.archive.write([{ op: 'patchAccount', accountId, removedAt: at }]);
    this.entries.delete(accountId);
  }
}
