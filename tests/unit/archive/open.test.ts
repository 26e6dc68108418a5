import Database from 'better-sqlite3-multiple-ciphers';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Archive } from '../../../src/core/archive/archive';
import { ArchiveError } from '../../../src/core/archive/errors';
import { envKeyProvider, fileKeyProvider, createKeyFile, generateKey, parseKey, staticKeyProvider } from '../../../src/core/archive/key';
import { openDatabase, openWorkerConnection } from '../../../src/core/archive/open';
import { LATEST_VERSION } from '../../../src/core/archive/migrations';
import { account, msg, tempArchive, track } from '../../helpers/archive';
import { tempDir } from '../../helpers/temp';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

async function rejection(p: Promise<unknown>): Promise<ArchiveError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ArchiveError);
  return err as ArchiveError;
}

describe('opening the encrypted archive', () => {
  it('creates an encrypted file: no plaintext of messages or schema on disk', async () => {
    const { archive, file } = await tempArchive();
    await archive.write([account(), msg({ body: 'PLAINTEXT-CANARY 报价单' })]);
    await archive.close();
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    expect(bytes.includes(Buffer.from('PLAINTEXT-CANARY'))).toBe(false);
    expect(bytes.includes(Buffer.from('CREATE TABLE'))).toBe(false);
  });

  it('reopens with the same key and keeps the data', async () => {
    const { archive, key, dir } = await tempArchive();
    await archive.write([account(), msg({ body: 'kept across restarts' })]);
    await archive.close();
    const { archive: again } = await Archive.openProfile(dir, staticKeyProvider(key));
    track(again);
    expect((await again.query('search', { query: 'restarts' })).hits).toHaveLength(1);
  });

  it('a wrong key says the key does not match and changes nothing', async () => {
    const { archive, dir, file } = await tempArchive();
    await archive.write([account(), msg()]);
    await archive.close();
    const before = sha(file);
    const err = await rejection(Archive.openProfile(dir, staticKeyProvider(generateKey())));
    expect(err.code).toBe('KEY_MISMATCH');
    expect(err.message).toMatch(/archive key does not match/);
    // even when asked to create: never a new empty database over an existing file
    const err2 = await rejection(Archive.openProfile(dir, staticKeyProvider(generateKey()), { create: true }));
    expect(err2.code).toBe('KEY_MISMATCH');
    expect(sha(file)).toBe(before);
  });

  it('refuses a missing file unless asked to create, and names the folder', async () => {
    const dir = path.join(tempDir(), 'nowhere');
    const err = await rejection(Archive.openProfile(dir, staticKeyProvider(generateKey())));
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toContain(dir);
  });

  it('a corrupted, empty or plaintext file gets a clear error and is left as it was', async () => {
    const dir = tempDir();
    const garbage = path.join(dir, 'garbage.db');
    writeFileSync(garbage, Buffer.alloc(8192, 7));
    const empty = path.join(dir, 'empty.db');
    writeFileSync(empty, '');
    const plain = path.join(dir, 'plain.db');
    new Database(plain).exec('CREATE TABLE t(x)');
    for (const [file, code] of [[garbage, 'KEY_MISMATCH'], [empty, 'CORRUPT'], [plain, 'CORRUPT']] as const) {
      const before = sha(file);
      const err = await rejection(Archive.open({ file, keys: staticKeyProvider(generateKey()), create: true }));
      expect(err.code).toBe(code);
      expect(sha(file)).toBe(before);
    }
  });

  it('runs WAL, synchronous=FULL and foreign keys, at the latest schema', async () => {
    const { archive, key, file } = await tempArchive();
    await archive.write([account()]);
    const db = openDatabase(file, key);
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    } finally {
      db.close();
    }
  });

  it('refuses an archive from a newer version of the app', async () => {
    const { archive, key, file } = await tempArchive();
    await archive.close();
    const db = openDatabase(file, key);
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    db.close();
    const err = await rejection(Archive.open({ file, keys: staticKeyProvider(key) }));
    expect(err.code).toBe('TOO_NEW');
  });

  it('rejects an invalid batch as a whole with a message naming the bad field', async () => {
    const { archive } = await tempArchive();
    await archive.write([account()]);
    const err = await rejection(archive.write([msg({ body: 'fine' }), { op: 'ack', accountId: 'acc-1', messageId: 'x', ack: 9 } as never]));
    expect(err.code).toBe('INVALID_OPERATION');
    expect(err.message).toMatch(/1\.ack/);
    expect((await archive.query('stats')).messages).toBe(0);
  });
});

describe('worker connections', () => {
  it('gives readers a read-only connection: they read, and a write through them fails', async () => {
    const { archive, key, file } = await tempArchive();
    await archive.write([account(), msg({ body: 'read me' })]);
    const reader = openWorkerConnection({ file, keyHex: key.toString('hex'), role: 'reader', create: false });
    try {
      expect(reader.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 1 });
      expect(() => reader.prepare('DELETE FROM messages').run()).toThrow(/readonly/i);
      expect(() => reader.exec('CREATE TABLE probe (x)')).toThrow(/readonly/i);
    } finally {
      reader.close();
    }
    expect((await archive.query('search', { query: 'read' })).hits).toHaveLength(1);
  });
});

describe('key providers', () => {
  it('reads hex keys from env and files, raw 32-byte files, and explains bad ones', async () => {
    const key = generateKey();
    expect(await envKeyProvider({ SWITCHBOARD_ARCHIVE_KEY: key.toString('hex') }).getKey()).toEqual(key);
    await expect(envKeyProvider({}).getKey()).rejects.toThrow(/SWITCHBOARD_ARCHIVE_KEY/);
    await expect(envKeyProvider({ SWITCHBOARD_ARCHIVE_KEY: 'abc' }).getKey()).rejects.toThrow(/64 hex characters/);
    const dir = tempDir();
    const hexFile = path.join(dir, 'k.hex');
    const created = createKeyFile(hexFile);
    expect(await fileKeyProvider(hexFile).getKey()).toEqual(created);
    expect(() => createKeyFile(hexFile)).toThrow(); // never overwrites a key
    const rawFile = path.join(dir, 'k.raw');
    writeFileSync(rawFile, key);
    expect(await fileKeyProvider(rawFile).getKey()).toEqual(key);
    await expect(fileKeyProvider(path.join(dir, 'none')).getKey()).rejects.toThrow(/does not exist/);
    expect(() => parseKey(Buffer.alloc(31), 'test')).toThrow(/not valid/);
  });
});
