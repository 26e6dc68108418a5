import { existsSync } from 'node:fs';
import { ArchiveError } from './errors';
import type { KeyProvider } from './key';
import { ensureProfile, existingProfile, type ProfilePaths } from './profile';
import type { BatchResult } from './apply/apply-batch';
import type { ArchiveOpInput } from './operations';
import type { Queries, QueryName } from './queries';
import { WorkerClient } from './worker-client';

/** The arguments a query takes after its db handle (none, optional or required). */
export type QueryArgs<K extends QueryName> = Parameters<Queries[K]> extends [unknown, ...infer Rest] ? Rest : [];

export interface ArchiveOpenOptions {
  file: string;
  keys: KeyProvider;
  create?: boolean;
  /** Open without a writer (CLI search/stats, verify). */
  readOnly?: boolean;
}

/**
 * The archive as the rest of the app sees it: one writer thread that commits batches of
 * operations, one reader thread for queries. Every call returns a promise; none blocks
 * the caller's event loop.
 */
export class Archive {
  private constructor(
    readonly file: string,
    private readonly key: Buffer,
    private readonly writer: WorkerClient | null,
    private readonly reader: WorkerClient,
  ) {}

  /** Opens the archive of a profile folder (creating the folder and database when asked). */
  static async openProfile(
    dir: string,
    keys: KeyProvider,
    options: { create?: boolean; readOnly?: boolean } = {},
  ): Promise<{ archive: Archive; paths: ProfilePaths }> {
    const paths = options.create && !options.readOnly ? ensureProfile(dir) : existingProfile(dir);
    const archive = await Archive.open({ file: paths.db, keys, ...options });
    return { archive, paths };
  }

  static async open(options: ArchiveOpenOptions): Promise<Archive> {
    const key = await options.keys.getKey();
    const keyHex = key.toString('hex');
    const create = !!options.create && !options.readOnly;
    // The writer opens first: it creates and migrates; readers then see the schema.
    const writer = options.readOnly
      ? null
      : await WorkerClient.start({ file: options.file, keyHex, role: 'writer', create });
    let reader: WorkerClient;
    try {
      reader = await WorkerClient.start({ file: options.file, keyHex, role: 'reader', create: false });
    } catch (err) {
      await writer?.close();
      throw err;
    }
    return new Archive(options.file, key, writer, reader);
  }

  /**
   * Commits the batch in one transaction; resolves only once it is durable. `fromTeam`: the
   * batch came down from the team server (a restore), so it is not queued to go back up.
   */
  write(ops: ArchiveOpInput[], now?: number, o: { fromTeam?: boolean } = {}): Promise<BatchResult> {
    if (!this.writer) return Promise.reject(new ArchiveError('CLOSED', 'This archive was opened read-only.'));
    return this.writer.call<BatchResult>({ kind: 'write', ops, ...(now !== undefined ? { now } : {}), ...(o.fromTeam ? { fromTeam: true } : {}) });
  }

  /** Replication bookkeeping (team server): on/off, acknowledgements, the initial upload's cursor. */
  readonly outbox = {
    enable: (): Promise<void> => this.writerCall({ kind: 'outbox', action: 'enable' }),
    disable: (): Promise<void> => this.writerCall({ kind: 'outbox', action: 'disable' }),
    ack: (seq: number, now = Date.now()): Promise<{ ackedSeq: number; trimmed: number }> =>
      this.writerCall({ kind: 'outbox', action: 'ack', seq, now }),
    setInitialUpload: (state: string | null): Promise<void> => this.writerCall({ kind: 'outbox', action: 'initialUpload', state }),
  };

  private writerCall<T>(req: Parameters<WorkerClient['call']>[0]): Promise<T> {
    if (!this.writer) return Promise.reject(new ArchiveError('CLOSED', 'This archive was opened read-only.'));
    return this.writer.call<T>(req);
  }

  query<K extends QueryName>(name: K, ...args: QueryArgs<K>): Promise<ReturnType<Queries[K]>> {
    return this.reader.call({ kind: 'query', name, args: args[0] });
  }

  /** Online, encrypted copy of the archive (same key) while writes continue. */
  async backup(target: string): Promise<{ target: string }> {
    if (existsSync(target)) {
      throw new ArchiveError('INVALID_OPERATION', `The backup target ${target} already exists; choose a new file name.`);
    }
    const worker = await WorkerClient.start({ file: this.file, keyHex: this.key.toString('hex'), role: 'reader', create: false });
    try {
      return await worker.call({ kind: 'backup', target });
    } finally {
      await worker.close();
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.writer?.close(), this.reader.close()]);
  }
}
