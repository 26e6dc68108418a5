import { z } from 'zod';

/** The account lifecycle of shared/ARCHITECTURE.md §4; the one list of states. */
export const ACCOUNT_STATES = [
  'stopped',
  'starting',
  'needs_qr',
  'syncing',
  'live',
  'hibernated',
  'logged_out',
  'banned',
  'conflict',
  'error',
] as const;
export const AccountState = z.enum(ACCOUNT_STATES);
export type AccountState = z.infer<typeof AccountState>;

/** States in which the account's archive is all there is: no live page, history kept. */
export const ARCHIVE_ONLY_STATES: readonly AccountState[] = ['logged_out', 'banned'];
