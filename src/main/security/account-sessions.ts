import { session } from 'electron';
import type { AccountRef } from '../../core/capture/page-host';
import { partitionFor } from '../policy/partition';
import { describeProxy, parseProxy, proxyCredentialsFor, proxyCredentialsForAny, sameProxyServer, type ParsedProxy } from '../policy/proxy';
import { applyAccountProxy, configureAccountSession, type AccountSessionDeps } from './configure-account-session';

/**
 * The Session of every account that has been opened, configured once, plus the proxy
 * each one uses (for `login` challenges). The partition name comes from partitionFor()
 * and nowhere else.
 */
export class AccountSessions {
  readonly #configured = new Set<string>();
  readonly #proxies = new Map<string, ParsedProxy | null>();

  constructor(private readonly deps: Omit<AccountSessionDeps, 'accountId'>) {}

  /** Configures the account's session (once) and its proxy (when changed); returns the partition. */
  async prepare(ref: AccountRef): Promise<string> {
    const partition = partitionFor(ref.partitionId);
    const parsed = parseProxy(ref.proxy);
    if (!parsed.ok) throw new Error(`Account ${ref.accountId}: ${parsed.message}`);
    const ses = session.fromPartition(partition);
    if (!this.#configured.has(partition)) {
      configureAccountSession(ses, { ...this.deps, accountId: ref.accountId });
      this.#configured.add(partition);
    }
    const previous = this.#proxies.get(ref.accountId);
    if (previous === undefined || !sameProxyServer(previous, parsed.proxy)) {
      await applyAccountProxy(ses, parsed.proxy);
      this.deps.log(`account ${ref.accountId}: proxy ${describeProxy(parsed.proxy)}`);
    }
    this.#proxies.set(ref.accountId, parsed.proxy);
    return partition;
  }

  /** Deletes everything the partition stores (an admin purged the account). */
  async purge(partitionId: string): Promise<void> {
    const ses = session.fromPartition(partitionFor(partitionId));
    await ses.clearStorageData();
    await ses.clearCache();
    await ses.clearAuthCache();
  }

  forget(accountId: string): void {
    this.#proxies.delete(accountId);
  }

  /** Answer for a proxy `login` challenge, from the account the view belongs to when known. */
  credentials(accountId: string | null, auth: { isProxy: boolean; host: string; port: number }): { username: string; password: string } | null {
    if (accountId !== null) return proxyCredentialsFor(auth, this.#proxies.get(accountId) ?? null);
    return proxyCredentialsForAny(auth, this.#proxies.values());
  }
}
