/**
 * The one place a partition name is made (ARCHITECTURE §2). Every session setting (proxy,
 * user agent, permissions, spellcheck) must be applied to the Session this name opens,
 * so nothing else may build the string.
 *
 * Electron lower-cases the partition name to build its directory (MakePartitionName =
 * EscapePath(ToLowerASCII(name))): `wa-Ab` and `wa-ab` would be two sessions in memory
 * sharing one directory on disk. Ids are therefore restricted to lower-case.
 */
const ACCOUNT_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const PREFIX = 'persist:wa-';

export class InvalidAccountIdError extends Error {
  constructor(id: unknown) {
    super(
      `Invalid account id ${JSON.stringify(id)}: expected 1–64 lower-case letters, digits, "-" or "_", ` +
        'starting with a letter or digit.',
    );
    this.name = 'InvalidAccountIdError';
  }
}

export function isAccountId(id: unknown): id is string {
  return typeof id === 'string' && ACCOUNT_ID.test(id);
}

export function assertAccountId(id: unknown): string {
  if (!isAccountId(id)) throw new InvalidAccountIdError(id);
  return id;
}

export function partitionFor(accountId: string): string {
  return PREFIX + assertAccountId(accountId);
}

/** The account a partition belongs to, or null if it is not an account partition. */
export function accountOfPartition(partition: string): string | null {
  if (!partition.startsWith(PREFIX)) return null;
  const id = partition.slice(PREFIX.length);
  return isAccountId(id) ? id : null;
}
