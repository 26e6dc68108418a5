/** Errors of bundles, exports and imports; `code` is stable so the UI and CLI can map it to text. */
export type ExchangeErrorCode =
  /** Damaged, truncated, tampered, or not a bundle at all. */
  | 'BUNDLE_INVALID'
  /** Made by a newer Switchboard. */
  | 'BUNDLE_TOO_NEW'
  | 'PASSPHRASE_REQUIRED'
  | 'PASSPHRASE_WRONG'
  /** A file to import (WhatsApp export) that cannot be read as one. */
  | 'IMPORT_INVALID'
  /** A WhatsApp export whose day/month order the file does not decide: the caller must say it. */
  | 'DATE_ORDER_AMBIGUOUS'
  | 'INVALID_INPUT'
  | 'NOT_FOUND'
  /** The output file exists; we never overwrite. */
  | 'TARGET_EXISTS'
  | 'CANCELLED';

export class ExchangeError extends Error {
  /** For DATE_ORDER_AMBIGUOUS: the date orders the file can be read in. */
  readonly orders: readonly string[];

  constructor(
    readonly code: ExchangeErrorCode,
    message: string,
    options?: { cause?: unknown; orders?: readonly string[] },
  ) {
    super(message, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.orders = options?.orders ?? [];
    this.name = 'ExchangeError';
  }
}

/** Throws CANCELLED when the caller aborted; checked between units of work. */
export function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ExchangeError('CANCELLED', 'Cancelled. Nothing was kept from the unfinished work.');
}
