import { z } from 'zod';
import type { Archive } from '../archive/archive';
import type { ArchiveOpInput } from '../archive/operations';

/**
 * The history a profile had before replication was turned on, read back as archive
 * operations (the same reads a bundle export uses) one page at a time. Each page comes
 * with the cursor after it; the replicator stores that cursor once the server has the
 * page, so an upload interrupted by a restart resumes where it stopped. Pages are
 * idempotent operations: sending one twice changes nothing.
 *
 * Two things keep the server's work to what is needed:
 * - identity first: before any outbox batch, the server learns which WhatsApp number each
 *   existing account is (the team identity), so live batches map at once instead of
 *   waiting, parked, for the account's page;
 * - the upload stops at the message row id that was highest when replication was turned
 *   on; anything stored later is in the outbox already and is not sent twice.
 */

export const UploadCursor = z.object({
  accounts: z.array(z.string()),
  index: z.number().int().nonnegative(),
  stage: z.enum(['meta', 'messages', 'crm', 'done']),
  chatRowIds: z.array(z.number().int()).default([]),
  message: z.object({ chat: z.number().int(), after: z.number() }).nullable().default(null),
  done: z.number().int().nonnegative().default(0),
  total: z.number().int().nonnegative().default(0),
  /** The accounts' identities were sent (cursors written before this field send them again: harmless). */
  identity: z.boolean().default(false),
  /** Highest message row id covered; null: all (cursors written before the bound existed). */
  maxRowId: z.number().int().nullable().default(null),
});
export type UploadCursor = z.infer<typeof UploadCursor>;

export interface UploadPage {
  ops: ArchiveOpInput[];
  messages: number;
  next: UploadCursor;
}

const PAGE = 2000;

export async function startCursor(archive: Archive): Promise<UploadCursor> {
  const accounts = (await archive.query('accounts', { includeRemoved: true })).map((a) => a.id);
  const total = (await archive.query('stats')).messages;
  const maxRowId = await archive.query('messageHighWater');
  return { accounts, index: 0, stage: accounts.length ? 'meta' : 'crm', chatRowIds: [], message: null, done: 0, total, identity: false, maxRowId };
}

/** Who each account is (its number), for the server to map live batches; null once sent. */
export async function identityPage(archive: Archive, c: UploadCursor): Promise<UploadPage | null> {
  if (c.identity || c.stage === 'done') return null;
  const acc = await archive.query('bundleAccounts', { accountIds: c.accounts });
  return { ops: acc.ops, messages: 0, next: { ...c, identity: true } };
}

/** The page at `c`, or null when the upload is complete. */
export async function uploadPage(archive: Archive, c: UploadCursor): Promise<UploadPage | null> {
  if (c.stage === 'done') return null;
  if (c.stage === 'crm') {
    const customerIds = c.accounts.length ? await archive.query('customersOfAccounts', { accountIds: c.accounts }) : [];
    const crm = await archive.query('bundleCrm', { customerIds, chats: [] });
    const people = await archive.query('bundlePeople', { personIds: crm.people });
    return { ops: [...people, ...crm.ops], messages: 0, next: { ...c, stage: 'done' } };
  }
  const accountId = c.accounts[c.index];
  if (accountId === undefined) return { ops: [], messages: 0, next: { ...c, stage: 'crm' } };
  const nextAccount: UploadCursor = { ...c, index: c.index + 1, stage: 'meta', chatRowIds: [], message: null };
  if (nextAccount.index >= c.accounts.length) nextAccount.stage = 'crm';
  if (c.stage === 'meta') {
    const acc = await archive.query('bundleAccounts', { accountIds: [accountId] });
    const people = await archive.query('bundlePeople', { personIds: acc.people });
    const chats = await archive.query('bundleChats', { accountId });
    return {
      ops: [...people, ...acc.ops, ...chats.ops],
      messages: 0,
      next: { ...c, stage: 'messages', chatRowIds: chats.chats.map((x) => x.rowId), message: null },
    };
  }
  const page = await archive.query('bundleMessages', {
    accountId, chatRowIds: c.chatRowIds, limit: PAGE, includeMedia: false, mediaSentSeparately: true, ...(c.message ? { cursor: c.message } : {}),
    ...(c.maxRowId !== null ? { maxRowId: c.maxRowId } : {}),
  });
  const done = c.done + page.messages;
  return {
    ops: page.ops,
    messages: page.messages,
    next: page.cursor ? { ...c, message: page.cursor, done } : { ...nextAccount, done },
  };
}
