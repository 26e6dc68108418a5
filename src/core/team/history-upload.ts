import { z } from 'zod';
import type { Archive } from '../archive/archive';
import type { ArchiveOpInput } from '../archive/operations';

/**
 * The history a profile had before replication was turned on, read back as archive
 * operations (the same reads a bundle export uses) one page at a time. Each page comes
 * with the cursor after it; the replicator stores that cursor once the server has the
 * page, so an upload interrupted by a restart resumes where it stopped. Pages are
 * idempotent operations: sending one twice changes nothing.
 */

export const UploadCursor = z.object({
  accounts: z.array(z.string()),
  index: z.number().int().nonnegative(),
  stage: z.enum(['meta', 'messages', 'crm', 'done']),
  chatRowIds: z.array(z.number().int()).default([]),
  message: z.object({ chat: z.number().int(), after: z.number() }).nullable().default(null),
  done: z.number().int().nonnegative().default(0),
  total: z.number().int().nonnegative().default(0),
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
  return { accounts, index: 0, stage: accounts.length ? 'meta' : 'crm', chatRowIds: [], message: null, done: 0, total };
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
  });
  const done = c.done + page.messages;
  return {
    ops: page.ops,
    messages: page.messages,
    next: page.cursor ? { ...c, message: page.cursor, done } : { ...nextAccount, done },
  };
}
