import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { deflateRawSync } from 'node:zlib';
import type { Archive } from '../archive/archive';
import { mediaPath } from '../archive/media-store';
import { LATEST_VERSION } from '../archive/migrations';
import type { ArchiveOpInput } from '../archive/operations';
import { BundleWriter, MEDIA_PART } from './bundle-format';
import { type BundleManifest, type BundleSelection, mediaEntryName, OPS_PER_ENTRY } from './bundle-manifest';
import { checkAborted, ExchangeError } from './errors';

/**
 * Exports selected accounts and/or customers into one bundle file: their people, accounts,
 * contacts, chats, participants, messages with every revision, revocation, reaction,
 * translation and media file, and their CRM data — as archive operations, so importing is
 * the same idempotent merge as capture. Written to a temporary name and renamed at the end:
 * a cancelled or failed export leaves no file behind.
 */

export interface Progress {
  phase: 'prepare' | 'messages' | 'finish';
  done: number;
  total: number;
}

export interface BundleExportOptions {
  archive: Archive;
  mediaDir: string;
  /** The bundle to create; never overwritten. */
  file: string;
  accountIds?: string[];
  customerIds?: string[];
  /** Only messages in this inclusive time range (everything else about the chats is included). */
  from?: number;
  to?: number;
  passphrase?: string | null;
  includeMedia?: boolean;
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
  now?: number;
  app?: string;
}

const PAGE = 2000;

export async function exportBundle(o: BundleExportOptions): Promise<{ file: string; manifest: BundleManifest }> {
  const accountIds = [...new Set(o.accountIds ?? [])];
  const customerIds = [...new Set(o.customerIds ?? [])];
  if (accountIds.length === 0 && customerIds.length === 0) {
    throw new ExchangeError('INVALID_INPUT', 'Choose at least one account or customer to export.');
  }
  if (o.from !== undefined && o.to !== undefined && o.from > o.to) throw new ExchangeError('INVALID_INPUT', 'The start of the range is after its end.');
  if (existsSync(o.file)) throw new ExchangeError('TARGET_EXISTS', `${o.file} already exists; choose a new file name.`);
  const { archive } = o;
  const includeMedia = o.includeMedia ?? true;
  o.onProgress?.({ phase: 'prepare', done: 0, total: 0 });

  const known = new Set((await archive.query('accounts', { includeRemoved: true })).map((a) => a.id));
  const missing = accountIds.filter((a) => !known.has(a));
  if (missing.length) throw new ExchangeError('NOT_FOUND', `No account ${missing.join(', ')}. Refresh the account list.`);
  // which chats of which account: all of a selected account's, else the selected customers' chats
  const scope = new Map<string, Set<string> | 'all'>(accountIds.map((a) => [a, 'all']));
  const customerChats = customerIds.length ? await archive.query('customerChats', { customerIds }) : [];
  for (const id of customerIds) {
    if (!(await archive.query('customerDetail', { customerId: id }))) throw new ExchangeError('NOT_FOUND', `No customer ${id}. Refresh the customer list.`);
  }
  for (const c of customerChats) {
    const s = scope.get(c.accountId);
    if (s === 'all') continue;
    scope.set(c.accountId, (s ?? new Set<string>()).add(c.chatId));
  }
  const crmCustomers = [...new Set([...customerIds, ...(accountIds.length ? await archive.query('customersOfAccounts', { accountIds }) : [])])];
  const accounts = await archive.query('bundleAccounts', { accountIds: [...scope.keys()] });
  const crm = await archive.query('bundleCrm', {
    customerIds: crmCustomers,
    chats: customerChats.map((c) => ({ accountId: c.accountId, chatId: c.chatId })),
  });
  const peopleOps = await archive.query('bundlePeople', { personIds: [...accounts.people, ...crm.people] });

  const tmp = `${o.file}.partial-${randomBytes(4).toString('hex')}`;
  const createdAt = o.now ?? Date.now();
  const writer = await BundleWriter.create(tmp, { passphrase: o.passphrase ?? null, created: createdAt });
  const counts: Record<string, number> = {};
  let pending: ArchiveOpInput[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const lines = pending.map((op) => JSON.stringify(op)).join('\n');
    await writer.add('ops', `ops/${writer.entryCount}`, deflateRawSync(Buffer.from(lines)));
    pending = [];
  };
  const push = async (ops: ArchiveOpInput[]) => {
    for (const op of ops) {
      counts[op.op] = (counts[op.op] ?? 0) + 1;
      pending.push(op);
      if (pending.length >= OPS_PER_ENTRY) await flush();
    }
  };
  const mediaDone = new Set<string>();
  let mediaBytes = 0;

  try {
    await push(peopleOps);
    await push(accounts.ops);
    const plans: Array<{ accountId: string; chatRowIds: number[] }> = [];
    for (const [accountId, chats] of scope) {
      checkAborted(o.signal);
      const r = await archive.query('bundleChats', { accountId, ...(chats === 'all' ? {} : { chatIds: [...chats] }) });
      await push(r.ops);
      plans.push({ accountId, chatRowIds: r.chats.map((c) => c.rowId) });
    }
    let total = 0;
    for (const p of plans) total += await archive.query('bundleMessageCount', { chatRowIds: p.chatRowIds, from: o.from, to: o.to });
    let done = 0;
    o.onProgress?.({ phase: 'messages', done, total });
    for (const p of plans) {
      let cursor: { chat: number; after: number } | undefined;
      for (;;) {
        checkAborted(o.signal);
        const page = await archive.query('bundleMessages', {
          accountId: p.accountId, chatRowIds: p.chatRowIds, limit: PAGE, includeMedia,
          ...(cursor ? { cursor } : {}), ...(o.from !== undefined ? { from: o.from } : {}), ...(o.to !== undefined ? { to: o.to } : {}),
        });
        // media before the operations that say it is stored, so an import never points at missing bytes
        for (const m of page.media) {
          if (mediaDone.has(m.sha256)) continue;
          const written = await addMedia(writer, o.mediaDir, m.sha256);
          if (written === null) {
            for (const op of page.ops) {
              if (op.op === 'media' && op.sha256 === m.sha256) Object.assign(op, { status: 'failed', detail: 'media file missing at export' });
            }
            continue;
          }
          mediaDone.add(m.sha256);
          mediaBytes += written;
        }
        await push(page.ops);
        done += page.messages;
        o.onProgress?.({ phase: 'messages', done, total });
        if (!page.cursor) break;
        cursor = page.cursor;
      }
    }
    await push(crm.ops);
    await flush();
    o.onProgress?.({ phase: 'finish', done, total });
    const selection: BundleSelection = { accountIds, customerIds, from: o.from ?? null, to: o.to ?? null, includeMedia };
    const manifest = await writer.finish({
      format: 'switchboard-bundle' as const, schemaVersion: LATEST_VERSION, createdAt, app: o.app ?? 'switchboard',
      selection, counts: { ops: counts, mediaFiles: mediaDone.size, mediaBytes },
    });
    if (existsSync(o.file)) throw new ExchangeError('TARGET_EXISTS', `${o.file} appeared while exporting; choose a new file name.`);
    await rename(tmp, o.file);
    return { file: o.file, manifest };
  } catch (err) {
    await writer.abort();
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Adds a stored media file as entries of at most MEDIA_PART bytes; null when the file is missing. */
async function addMedia(writer: BundleWriter, mediaDir: string, sha256: string): Promise<number | null> {
  let fh;
  try {
    fh = await open(mediaPath(mediaDir, sha256), 'r');
  } catch {
    return null;
  }
  try {
    const { size } = await fh.stat();
    let part = 0;
    for (let pos = 0; pos < size || part === 0; pos += MEDIA_PART, part++) {
      const n = Math.min(MEDIA_PART, size - pos);
      const buf = Buffer.alloc(n);
      let got = 0;
      while (got < n) {
        const { bytesRead } = await fh.read(buf, got, n - got, pos + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      await writer.add('media', mediaEntryName(sha256, part), buf.subarray(0, got));
      if (size === 0) break;
    }
    return size;
  } finally {
    await fh.close();
  }
}
