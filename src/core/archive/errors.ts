/** Errors the archive raises; `code` is stable so the UI and CLI can map them to text. */
export type ArchiveErrorCode =
  | 'KEY_MISMATCH'
  | 'KEY_INVALID'
  | 'KEY_MISSING'
  | 'NOT_FOUND'
  | 'CORRUPT'
  | 'DISK_FULL'
  | 'INVALID_OPERATION'
  | 'TOO_NEW'
  | 'CLOSED'
  | 'MEDIA_TOO_LARGE'
  | 'INVALID_MEDIA_ID';

export class ArchiveError extends Error {
  constructor(
    readonly code: ArchiveErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ArchiveError';
  }
}

/** Maps a raw SQLite error to an ArchiveError with a message that says what to do. */
export function translateSqliteError(err: unknown, file: string): unknown {
  const code = (err as { code?: string } | null)?.code;
  if (code === 'SQLITE_FULL') {
    return new ArchiveError(
      'DISK_FULL',
      `The disk holding the archive is full (${file}). Nothing from the failed batch was written; free some space and retry.`,
      { cause: err },
    );
  }
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
    return new ArchiveError(
      'CORRUPT',
      `The archive file is damaged or not an archive (${file}). Restore it from a backup ("switchboard verify" checks a file).`,
      { cause: err },
    );
  }
  return err;
}
