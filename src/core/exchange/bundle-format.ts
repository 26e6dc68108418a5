import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { type FileHandle, open } from 'node:fs/promises';
import { z } from 'zod';
import { ExchangeError } from './errors';

/**
 * The bundle container (docs/bundle-format.md). One file:
 *
 *   header  "SWBUNDLE" | u8 format | u8 flags (bit 0: encrypted) | u16 length | header JSON
 *   frame*  u32 length | u8 final | body
 *   seal    sha256 of every byte before it
 *
 * A frame's body is `u8 kind | u16 name length | name | data`; encrypted, it is AES-256-GCM
 * of that with nonce = 4 random bytes of the header | u64 frame index, and additional data
 * = sha256(header) | u64 index | final flag. The key is scrypt(passphrase). So reordering,
 * dropping, appending or changing any frame — or the header — fails authentication, and a
 * file cut anywhere lacks its final frame. Every entry's sha256 is hash-chained from the
 * header's and the chain head is in the manifest (the final frame); the seal catches any
 * damaged byte of a plain bundle too.
 */

export const MAGIC = Buffer.from('SWBUNDLE', 'latin1');
export const FORMAT_VERSION = 1;
/** The file extension of a bundle (file dialogs, default names). */
export const BUNDLE_EXTENSION = 'sbb';
const MAX_HEADER = 64 * 1024;
/** Ops entries are ~1 MB; media is split into parts of MEDIA_PART bytes. */
export const MEDIA_PART = 16 * 1024 * 1024;
const MAX_FRAME = MEDIA_PART + 64 * 1024;
const TAG = 16;

export type EntryKind = 'ops' | 'media';
const KIND_CODE: Record<EntryKind | 'manifest', number> = { ops: 1, media: 2, manifest: 3 };
const CODE_KIND = new Map<number, EntryKind | 'manifest'>(Object.entries(KIND_CODE).map(([k, v]) => [v, k as EntryKind | 'manifest']));

const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`));
const Kdf = z.strictObject({
  name: z.literal('scrypt'),
  salt: hex(16),
  // bounded: a hostile header must not make us allocate gigabytes
  N: z.number().int().min(2 ** 14).max(2 ** 20).refine((n) => (n & (n - 1)) === 0, 'N must be a power of two'),
  r: z.number().int().min(1).max(16),
  p: z.number().int().min(1).max(4),
});
const Header = z.strictObject({
  created: z.number().int().nonnegative(),
  kdf: Kdf.optional(),
  noncePrefix: hex(4).optional(),
  keyCheck: hex(32).optional(),
});
type Header = z.infer<typeof Header>;

const KDF_DEFAULT = { N: 2 ** 15, r: 8, p: 1 };

export interface EntryRecord {
  kind: EntryKind;
  name: string;
  size: number;
  sha256: string;
}

export interface BundleEntry extends EntryRecord {
  index: number;
  data: Buffer;
}

const invalid = (why: string) =>
  new ExchangeError('BUNDLE_INVALID', `This bundle is damaged, incomplete or was changed (${why}). Nothing was imported.`);

function deriveKey(passphrase: string, kdf: z.infer<typeof Kdf>): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFKC'), Buffer.from(kdf.salt, 'hex'), 32,
      { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r + 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)));
  });
}

const keyCheckOf = (key: Buffer) => createHmac('sha256', key).update('switchboard-bundle-key-check').digest('hex');

function nonceOf(prefix: Buffer, index: number): Buffer {
  const n = Buffer.alloc(12);
  prefix.copy(n, 0);
  n.writeBigUInt64BE(BigInt(index), 4);
  return n;
}

function aadOf(headerHash: Buffer, index: number, final: boolean): Buffer {
  const a = Buffer.alloc(41);
  headerHash.copy(a, 0);
  a.writeBigUInt64BE(BigInt(index), 32);
  a[40] = final ? 1 : 0;
  return a;
}

function chainNext(prev: Buffer, kind: number, name: Buffer, dataSha: Buffer): Buffer {
  const len = Buffer.alloc(3);
  len[0] = kind;
  len.writeUInt16BE(name.length, 1);
  return createHash('sha256').update(prev).update(len).update(name).update(dataSha).digest();
}

function frameBody(kind: number, name: Buffer, data: Buffer): Buffer {
  const head = Buffer.alloc(3);
  head[0] = kind;
  head.writeUInt16BE(name.length, 1);
  return Buffer.concat([head, name, data]);
}

// ---------------------------------------------------------------- writer

export class BundleWriter {
  private index = 0;
  private chain: Buffer;
  private readonly seal = createHash('sha256');
  private readonly entries: EntryRecord[] = [];

  private constructor(
    private readonly fh: FileHandle,
    private readonly headerHash: Buffer,
    private readonly crypto: { key: Buffer; prefix: Buffer } | null,
  ) {
    this.chain = headerHash;
  }

  /** Creates `file` (which must not exist) and writes the header. */
  static async create(file: string, options: { passphrase?: string | null; created: number }): Promise<BundleWriter> {
    let header: Header = { created: options.created };
    let crypto: { key: Buffer; prefix: Buffer } | null = null;
    if (options.passphrase) {
      const kdf = { name: 'scrypt' as const, salt: randomBytes(16).toString('hex'), ...KDF_DEFAULT };
      const key = await deriveKey(options.passphrase, kdf);
      const prefix = randomBytes(4);
      header = { ...header, kdf, noncePrefix: prefix.toString('hex'), keyCheck: keyCheckOf(key) };
      crypto = { key, prefix };
    }
    const json = Buffer.from(JSON.stringify(header));
    const head = Buffer.alloc(12);
    MAGIC.copy(head, 0);
    head[8] = FORMAT_VERSION;
    head[9] = crypto ? 1 : 0;
    head.writeUInt16BE(json.length, 10);
    const headerBytes = Buffer.concat([head, json]);
    const fh = await open(file, 'wx');
    const w = new BundleWriter(fh, createHash('sha256').update(headerBytes).digest(), crypto);
    await w.raw(headerBytes);
    return w;
  }

  get entryCount(): number {
    return this.entries.length;
  }

  private async raw(bytes: Buffer): Promise<void> {
    this.seal.update(bytes);
    await this.fh.write(bytes);
  }

  private async frame(kind: number, name: Buffer, data: Buffer, final: boolean): Promise<void> {
    let body = frameBody(kind, name, data);
    if (this.crypto) {
      const c = createCipheriv('aes-256-gcm', this.crypto.key, nonceOf(this.crypto.prefix, this.index));
      c.setAAD(aadOf(this.headerHash, this.index, final));
      body = Buffer.concat([c.update(body), c.final(), c.getAuthTag()]);
    }
    const head = Buffer.alloc(5);
    head.writeUInt32BE(body.length, 0);
    head[4] = final ? 1 : 0;
    await this.raw(Buffer.concat([head, body]));
    this.index++;
  }

  async add(kind: EntryKind, name: string, data: Buffer): Promise<void> {
    if (data.length > MEDIA_PART) throw new Error(`bundle entry ${name} is larger than one frame`);
    const nameBytes = Buffer.from(name);
    const sha = createHash('sha256').update(data).digest();
    this.chain = chainNext(this.chain, KIND_CODE[kind], nameBytes, sha);
    this.entries.push({ kind, name, size: data.length, sha256: sha.toString('hex') });
    await this.frame(KIND_CODE[kind], nameBytes, data, false);
  }

  /** Writes the manifest (with the entry list and chain head) as the final frame, then the seal. */
  async finish<M extends object>(manifest: M): Promise<M & { entries: EntryRecord[]; chainHead: string }> {
    const full = { ...manifest, entries: this.entries, chainHead: this.chain.toString('hex') };
    await this.frame(KIND_CODE.manifest, Buffer.from('manifest.json'), Buffer.from(JSON.stringify(full)), true);
    await this.fh.write(this.seal.digest());
    await this.fh.sync();
    await this.fh.close();
    return full;
  }

  async abort(): Promise<void> {
    await this.fh.close().catch(() => {});
  }
}

// ---------------------------------------------------------------- reader

class FileReader {
  private pos = 0;
  readonly seal = createHash('sha256');

  constructor(private readonly fh: FileHandle, readonly size: number) {}

  get remaining(): number {
    return this.size - this.pos;
  }

  async read(n: number, what: string, hash = true): Promise<Buffer> {
    if (n > this.remaining) throw invalid(`the file ends inside ${what}: it was cut short`);
    const buf = Buffer.alloc(n);
    let got = 0;
    while (got < n) {
      const { bytesRead } = await this.fh.read(buf, got, n - got, this.pos + got);
      if (bytesRead === 0) throw invalid(`the file ends inside ${what}: it was cut short`);
      got += bytesRead;
    }
    this.pos += n;
    if (hash) this.seal.update(buf);
    return buf;
  }
}

async function openBundle(file: string): Promise<FileHandle> {
  try {
    return await open(file, 'r');
  } catch (err) {
    throw new ExchangeError('NOT_FOUND', `Cannot open ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}.`, { cause: err });
  }
}

async function readHeader(r: FileReader): Promise<{ header: Header; headerBytes: Buffer; encrypted: boolean }> {
  if (r.size < 12) throw new ExchangeError('BUNDLE_INVALID', 'This is not a Switchboard bundle (the file is too small). Nothing was imported.');
  const head = await r.read(12, 'the header');
  if (!head.subarray(0, 8).equals(MAGIC)) {
    throw new ExchangeError('BUNDLE_INVALID', 'This is not a Switchboard bundle (wrong file signature). Nothing was imported.');
  }
  if (head[8] !== FORMAT_VERSION) {
    throw new ExchangeError('BUNDLE_TOO_NEW',
      `This bundle uses format ${head[8]}; this Switchboard reads format ${FORMAT_VERSION}. Update the app to import it. Nothing was imported.`);
  }
  const flags = head[9]!;
  if (flags > 1) throw invalid('unknown header flags');
  const len = head.readUInt16BE(10);
  if (len > MAX_HEADER) throw invalid('header too large');
  const json = await r.read(len, 'the header');
  let header: Header;
  try {
    header = Header.parse(JSON.parse(json.toString('utf8')));
  } catch {
    throw invalid('unreadable header');
  }
  const encrypted = flags === 1;
  if (encrypted !== !!header.kdf || encrypted !== !!header.noncePrefix || encrypted !== !!header.keyCheck) throw invalid('inconsistent header');
  return { header, headerBytes: Buffer.concat([head, json]), encrypted };
}

/**
 * Reads and verifies a whole bundle, handing each entry to `onEntry` once its frame is
 * authentic. Returns the manifest after checking it lists exactly the entries read, in
 * order, with their hashes and chain. Throws BUNDLE_INVALID / PASSPHRASE_* otherwise.
 * Callers that must not act on an unverified bundle read it twice (verify, then apply).
 */
export async function readBundle(
  file: string,
  passphrase: string | null | undefined,
  onEntry: (entry: BundleEntry) => Promise<void> | void,
  signal?: AbortSignal,
): Promise<{ manifest: unknown; entries: EntryRecord[]; encrypted: boolean }> {
  const fh = await openBundle(file);
  try {
    const r = new FileReader(fh, (await fh.stat()).size);
    const { header, headerBytes, encrypted } = await readHeader(r);
    const headerHash = createHash('sha256').update(headerBytes).digest();
    let crypto: { key: Buffer; prefix: Buffer } | null = null;
    if (encrypted) {
      if (!passphrase) throw new ExchangeError('PASSPHRASE_REQUIRED', 'This bundle is encrypted: give its passphrase.');
      const key = await deriveKey(passphrase, header.kdf!);
      if (!timingSafeEqual(Buffer.from(keyCheckOf(key), 'hex'), Buffer.from(header.keyCheck!, 'hex'))) {
        throw new ExchangeError('PASSPHRASE_WRONG', 'The passphrase is wrong for this bundle. Nothing was imported.');
      }
      crypto = { key, prefix: Buffer.from(header.noncePrefix!, 'hex') };
    }
    let chain: Buffer = headerHash;
    const entries: EntryRecord[] = [];
    for (let index = 0; ; index++) {
      if (signal?.aborted) throw new ExchangeError('CANCELLED', 'Cancelled.');
      if (r.remaining === 0) throw invalid('the file ends before its manifest: it was cut short');
      const head = await r.read(5, 'a frame header');
      const len = head.readUInt32BE(0);
      const final = head[4] === 1;
      if (head[4]! > 1) throw invalid(`frame ${index} has a bad flag`);
      if (len > MAX_FRAME + TAG || len < 3 + (crypto ? TAG : 0)) throw invalid(`frame ${index} has an impossible length`);
      let body = await r.read(len, `frame ${index}`);
      if (crypto) {
        try {
          const d = createDecipheriv('aes-256-gcm', crypto.key, nonceOf(crypto.prefix, index));
          d.setAAD(aadOf(headerHash, index, final));
          d.setAuthTag(body.subarray(len - TAG));
          body = Buffer.concat([d.update(body.subarray(0, len - TAG)), d.final()]);
        } catch {
          throw invalid(`frame ${index} fails authentication`);
        }
      }
      const kind = CODE_KIND.get(body[0]!);
      const nameLen = body.readUInt16BE(1);
      if (!kind || 3 + nameLen > body.length) throw invalid(`frame ${index} is malformed`);
      const nameBytes = body.subarray(3, 3 + nameLen);
      const data = body.subarray(3 + nameLen);
      if (final) {
        if (kind !== 'manifest') throw invalid('the final frame is not a manifest');
        const seal = await r.read(32, 'the seal', false);
        if (!seal.equals(r.seal.digest())) throw invalid('the seal does not match the content');
        if (r.remaining !== 0) throw invalid('there are extra bytes after the end of the bundle');
        let manifest: unknown;
        try {
          manifest = JSON.parse(data.toString('utf8'));
        } catch {
          throw invalid('unreadable manifest');
        }
        const m = z.object({ entries: z.array(z.object({ kind: z.string(), name: z.string(), size: z.number(), sha256: z.string() })),
          chainHead: z.string() }).safeParse(manifest);
        if (!m.success) throw invalid('the manifest has no entry list');
        if (m.data.chainHead !== chain.toString('hex')) throw invalid('the hash chain does not match the manifest');
        if (m.data.entries.length !== entries.length ||
          m.data.entries.some((e, i) => JSON.stringify([e.kind, e.name, e.size, e.sha256]) !==
            JSON.stringify([entries[i]!.kind, entries[i]!.name, entries[i]!.size, entries[i]!.sha256]))) {
          throw invalid('the manifest does not list the entries that are in the file');
        }
        return { manifest, entries, encrypted };
      }
      if (kind === 'manifest') throw invalid('a manifest before the end');
      const sha = createHash('sha256').update(data).digest();
      chain = chainNext(chain, KIND_CODE[kind], nameBytes, sha);
      const record = { kind, name: nameBytes.toString('utf8'), size: data.length, sha256: sha.toString('hex') };
      entries.push(record);
      await onEntry({ ...record, index, data });
    }
  } finally {
    await fh.close();
  }
}
