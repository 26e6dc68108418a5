import Database from 'better-sqlite3-multiple-ciphers';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { ArchiveError } from './errors';
import { migrate } from './migrations';
import type { WorkerInit } from './worker-protocol';

export type Db = Database.Database;

export interface OpenOptions {
  /** Create the file when it does not exist (never over an existing one). */
  create?: boolean;
  readonly?: boolean;
  /** Run pending migrations (the writer does; readers only check the version). */
  migrate?: boolean;
}

const PLAIN_SQLITE_HEADER = 'SQLite format 3\0';

function headerOf(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(16);
    readSync(fd, buf, 0, 16, 0);
    return buf.toString('latin1');
  } finally {
    closeSync(fd);
  }
}

/** Applies SQLCipher settings and the raw key; must run before anything touches the file. */
function applyKey(db: Db, key: Buffer): void {
  db.pragma(`cipher='sqlcipher'`);
  db.pragma('legacy=4');
  db.pragma(`key="x'${key.toString('hex')}'"`);
}

/**
 * Opens (or creates) the encrypted archive. A wrong key fails with KEY_MISMATCH and leaves
 * the file untouched; an existing file is never replaced by a new, empty database.
 */
export function openDatabase(file: string, key: Buffer, options: OpenOptions = {}): Db {
  if (key.length !== 32) throw new ArchiveError('KEY_INVALID', 'The archive key must be 32 bytes.');
  const exists = existsSync(file);
  if (!exists && !options.create) {
    throw new ArchiveError('NOT_FOUND', `No archive at ${file}. Check the profile folder, or create a profile first.`);
  }
  if (exists) {
    if (statSync(file).size === 0) {
      throw new ArchiveError('CORRUPT', `The archive file ${file} is empty. Restore it from a backup; Switchboard will not replace it.`);
    }
    if (headerOf(file) === PLAIN_SQLITE_HEADER) {
      throw new ArchiveError('CORRUPT', `${file} is an unencrypted SQLite file, not a Switchboard archive.`);
    }
  }
  const db = new Database(file, { fileMustExist: exists, readonly: options.readonly ?? false });
  try {
    applyKey(db, key);
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'SQLITE_NOTADB') {
        throw new ArchiveError(
          'KEY_MISMATCH',
          `The archive key does not match ${file} (or the file is damaged). Use the key this archive was created with; nothing was changed.`,
          { cause: err },
        );
      }
      throw err;
    }
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    if (options.migrate) migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * The connection a worker of this role uses. Readers open the file read-only, so a query
 * that tries to write fails with SQLITE_READONLY instead of racing the writer.
 */
export function openWorkerConnection(init: WorkerInit): Db {
  const key = Buffer.from(init.keyHex, 'hex');
  if (init.role === 'writer') return openDatabase(init.file, key, { create: init.create, migrate: true });
  return openDatabase(init.file, key, { readonly: true });
}
