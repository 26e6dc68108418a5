import { createHash, type Hash, randomBytes } from 'node:crypto';
import { type FileHandle, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import type { Archive } from '../archive/archive';
import type { BatchResult } from '../archive/apply/apply-batch';
import { mediaPath } from '../archive/media-store';
import { LATEST_VERSION } from '../archive/migrations';
import { ArchiveOp, type ArchiveOpInput } from '../archive/operations';
import { type EntryRecord, readBundle } from './bundle-format';
import { BUNDLE_OPS, BundleManifest, MEDIA_ENTRY_RE } from './bundle-manifest';
import type { Progress } from './bundle-export';
import { checkAborted, ExchangeError } from './errors';

/**
 * Imports a bundle into a profile. The whole file is verified first — every frame's hash
 * or authentication tag, the chain, the manifest and its counts, every operation against
 * the archive's schema, every media file's hash, and that every account it writes to
 * exists or is created by it — and only then read again and written. So a tampered,
 * truncated or foreign file, or a wrong passphrase, changes nothing. Writing is the
 * archive's idempotent merge: importing the same bundle twice equals importing it once.
 */

export interface BundleImportOptions {
  archive: Archive;
  mediaDir: string;
  file: string;
  passphrase?: string | null;
  /** Who imports, for the audit log. */
  actor?: string;
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
}

export interface BundleImportResult {
  manifest: BundleManifest;
  messagesInserted: number;
  messagesUpdated: number;
  ops: number;
  mediaFiles: number;
  /** People and accounts the profile already had: kept as they are here. */
  kept: { people: number; accounts: number };
}

interface Verified {
  manifest: BundleManifest;
  entries: EntryRecord[];
  encrypted: boolean;
  parts: Map<string, number>;
  createdAccounts: Map<string, string>;
  referencedAccounts: Set<string>;
  messages: number;
}

const MAX_OPS_ENTRY_BYTES = 256 * 1024 * 1024;
const WRITE_BATCH = 20_000;
const invalid = (why: string) =>
  new ExchangeError('BUNDLE_INVALID', `This bundle is damaged, incomplete or was changed (${why}). Nothing was imported.`);

function opsOf(data: Buffer, entry: string): unknown[] {
  let text: string;
  try {
    text = inflateRawSync(data, { maxOutputLength: MAX_OPS_ENTRY_BYTES }).toString('utf8');
  } catch {
    throw invalid(`${entry} cannot be decompressed`);
  }
  try {
    return text.split('\n').map((l) => JSON.parse(l) as unknown);
  } catch {
    throw invalid(`${entry} holds unreadable operations`);
  }
}

/** Pass 1: reads everything, writes nothing. */
export async function verifyBundle(file: string, passphrase?: string | null, signal?: AbortSignal,
  onProgress?: (p: Progress) => void): Promise<Verified> {
  const counts: Record<string, number> = {};
  const hashes = new Map<string, { hash: Hash; next: number; size: number }>();
  const createdAccounts = new Map<string, string>();
  const referencedAccounts = new Set<string>();
  const storedMedia = new Set<string>();
  let messages = 0;
  const { manifest: raw, entries, encrypted } = await readBundle(file, passphrase, (e) => {
    if (e.kind === 'media') {
      const m = MEDIA_ENTRY_RE.exec(e.name);
      if (!m) throw invalid(`bad media entry name ${e.name.slice(0, 80)}`);
      const [, sha, part] = m;
      const h = hashes.get(sha!) ?? { hash: createHash('sha256'), next: 0, size: 0 };
      if (Number(part) !== h.next) throw invalid(`media ${sha} has its parts out of order`);
      h.hash.update(e.data);
      h.next++;
      h.size += e.data.length;
      hashes.set(sha!, h);
      return;
    }
    for (const value of opsOf(e.data, e.name)) {
      const parsed = ArchiveOp.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw invalid(`${e.name} holds an invalid operation at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}`);
      }
      const op = parsed.data;
      if (!BUNDLE_OPS.has(op.op)) throw invalid(`${e.name} holds a "${op.op}" operation, which bundles never carry`);
      counts[op.op] = (counts[op.op] ?? 0) + 1;
      if (op.op === 'createAccount') createdAccounts.set(op.accountId, op.partitionId);
      else if (op.op === 'patchAccount' && (op.label !== undefined || op.ownerId !== undefined || op.proxy !== undefined || op.sortOrder !== undefined)) {
        throw invalid('an account patch changes more than the phone, own id and removal');
      } else if ('accountId' in op && op.op !== 'customerLink') referencedAccounts.add(op.accountId); // a link may name a chat of an account left out
      if (op.op === 'upsertMessage') messages++;
      if (op.op === 'media' && op.status === 'stored' && op.sha256) storedMedia.add(op.sha256);
    }
    onProgress?.({ phase: 'prepare', done: e.index, total: 0 });
  }, signal);
  const parsed = BundleManifest.safeParse(raw);
  if (!parsed.success) {
    const fmt = (raw as { format?: unknown; schemaVersion?: unknown } | null);
    if (fmt?.format === 'switchboard-bundle' && typeof fmt.schemaVersion === 'number' && fmt.schemaVersion > LATEST_VERSION) {
      throw tooNew(fmt.schemaVersion);
    }
    throw invalid(`the manifest is not valid: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`);
  }
  const manifest = parsed.data;
  if (manifest.schemaVersion > LATEST_VERSION) throw tooNew(manifest.schemaVersion);
  const keys = new Set([...Object.keys(counts), ...Object.keys(manifest.counts.ops)]);
  for (const k of keys) {
    if ((counts[k] ?? 0) !== (manifest.counts.ops[k] ?? 0)) {
      throw invalid(`the manifest counts ${manifest.counts.ops[k] ?? 0} "${k}" operations, the file holds ${counts[k] ?? 0}`);
    }
  }
  const parts = new Map<string, number>();
  let bytes = 0;
  for (const [sha, h] of hashes) {
    if (h.hash.digest('hex') !== sha) throw invalid(`media ${sha} does not match its hash`);
    parts.set(sha, h.next);
    bytes += h.size;
  }
  if (hashes.size !== manifest.counts.mediaFiles || bytes !== manifest.counts.mediaBytes) {
    throw invalid(`the manifest counts ${manifest.counts.mediaFiles} media files, the file holds ${hashes.size}`);
  }
  for (const sha of storedMedia) if (!hashes.has(sha)) throw invalid(`media ${sha} is marked stored but is not in the bundle`);
  return { manifest, entries, encrypted, parts, createdAccounts, referencedAccounts, messages };
}

const tooNew = (v: number) => new ExchangeError('BUNDLE_TOO_NEW',
  `This bundle comes from a newer Switchboard (archive schema ${v}; this one has ${LATEST_VERSION}). Update the app to import it. Nothing was imported.`);

export async function importBundle(o: BundleImportOptions): Promise<BundleImportResult> {
  const { archive } = o;
  const v = await verifyBundle(o.file, o.passphrase, o.signal, o.onProgress);

  const accounts = await archive.query('accounts', { includeRemoved: true });
  const existingAccounts = new Set(accounts.map((a) => a.id));
  const partitions = new Map(accounts.map((a) => [a.partitionId, a.id]));
  for (const [accountId, partition] of v.createdAccounts) {
    const owner = partitions.get(partition);
    if (!existingAccounts.has(accountId) && owner !== undefined) {
      throw new ExchangeError('BUNDLE_INVALID',
        `The bundle's account ${accountId} uses the browser partition of this profile's account ${owner}. Nothing was imported.`);
    }
  }
  for (const a of v.referencedAccounts) {
    if (!existingAccounts.has(a) && !v.createdAccounts.has(a)) throw invalid(`it writes to account ${a}, which it does not contain`);
  }
  const existingPeople = new Set((await archive.query('people')).map((p) => p.id));
  const kept = { people: 0, accounts: 0 };
  const keep = (op: ArchiveOpInput): boolean => {
    // what this profile already has stays as it is here: names, roles, owners, labels
    if (op.op === 'upsertPerson' && existingPeople.has(op.personId)) return (kept.people++, false);
    if ((op.op === 'createAccount' || op.op === 'patchAccount') && existingAccounts.has(op.accountId)) {
      if (op.op === 'createAccount') kept.accounts++;
      return false;
    }
    return true;
  };

  // Pass 2: the same file again, every entry checked against what pass 1 verified.
  const result: BundleImportResult = { manifest: v.manifest, messagesInserted: 0, messagesUpdated: 0, ops: 0, mediaFiles: 0, kept };
  let inFlight = null as Promise<BatchResult> | null;
  const settle = async () => {
    if (!inFlight) return;
    const r = await inFlight;
    inFlight = null;
    result.messagesInserted += r.messagesInserted;
    result.messagesUpdated += r.messagesUpdated;
    result.ops += r.ops;
  };
  let done = 0;
  let batch: ArchiveOpInput[] = [];
  const write = async () => {
    await settle();
    if (batch.length) inFlight = archive.write(batch);
    batch = [];
    o.onProgress?.({ phase: 'messages', done, total: v.messages });
  };
  let media = null as { sha: string; fh: FileHandle; tmp: string; hash: Hash } | null;
  try {
    await readBundle(o.file, o.passphrase, async (e) => {
      checkAborted(o.signal);
      const expected = v.entries[e.index];
      if (!expected || expected.sha256 !== e.sha256 || expected.name !== e.name) {
        throw new ExchangeError('BUNDLE_INVALID', 'The bundle file changed while it was being imported. Import it again.');
      }
      if (e.kind === 'media') {
        media = await writeMediaPart(o.mediaDir, media, e.name, e.data, v.parts);
        if (media === null) result.mediaFiles++;
        return;
      }
      for (const op of opsOf(e.data, e.name) as ArchiveOpInput[]) {
        if (!keep(op)) continue;
        if (op.op === 'upsertMessage') done++;
        batch.push(op);
      }
      // a few entries per transaction: the writer is faster with larger batches
      if (batch.length >= WRITE_BATCH) await write();
    }, o.signal);
    await write();
    await settle();
  } catch (err) {
    await inFlight?.catch(() => {});
    if (media) {
      await media.fh.close().catch(() => {});
      await rm(media.tmp, { force: true });
    }
    throw err;
  }
  await archive.write([{
    op: 'audit', actor: o.actor ?? 'admin', action: 'bundle.import', target: path.basename(o.file),
    detail: { createdAt: v.manifest.createdAt, encrypted: v.encrypted, selection: v.manifest.selection, counts: v.manifest.counts },
  }]);
  o.onProgress?.({ phase: 'finish', done, total: v.messages });
  return result;
}

/**
 * Streams one media part into a temp file in the media folder; the last part checks the
 * hash and renames the file to its content address (temp + rename: never a half file).
 * Returns the open file while parts are missing, null when the file is complete.
 */
async function writeMediaPart(mediaDir: string, cur: { sha: string; fh: FileHandle; tmp: string; hash: Hash } | null, name: string,
  data: Buffer, parts: Map<string, number>): Promise<{ sha: string; fh: FileHandle; tmp: string; hash: Hash } | null> {
  const [, sha, partText] = MEDIA_ENTRY_RE.exec(name)!;
  const part = Number(partText);
  let w = cur;
  if (part === 0) {
    const target = mediaPath(mediaDir, sha!);
    await mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    w = { sha: sha!, fh: await open(tmp, 'wx'), tmp, hash: createHash('sha256') };
  }
  if (!w || w.sha !== sha) throw invalid(`media ${sha} is interleaved with another file`);
  await w.fh.write(data);
  w.hash.update(data);
  if (part + 1 < (parts.get(sha!) ?? 0)) return w;
  await w.fh.sync();
  await w.fh.close();
  if (w.hash.digest('hex') !== sha) {
    await rm(w.tmp, { force: true });
    throw new ExchangeError('BUNDLE_INVALID', 'The bundle file changed while it was being imported. Import it again.');
  }
  const target = mediaPath(mediaDir, sha!);
  const existing = await stat(target).catch(() => null);
  if (existing) await rm(w.tmp, { force: true });
  else await rename(w.tmp, target);
  return null;
}
