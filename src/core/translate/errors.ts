/**
 * Why a translation did not happen. Codes are stable: the UI maps them to zh-CN/English text;
 * `message` is the English explanation with what to do. None of them ever hides the original.
 */
export const TRANSLATE_ERROR_CODES = [
  /** The key is wrong, revoked, or not allowed to use this API. */
  'BAD_KEY',
  /** The account's character/billing quota is used up (DeepL 456, Azure 403001, Google dailyLimitExceeded). */
  'QUOTA_EXCEEDED',
  /** Too many requests; retried with backoff before this is reported. */
  'RATE_LIMITED',
  /** Nothing answers at the configured address (server down, wrong URL, no network). */
  'UNREACHABLE',
  'TIMEOUT',
  /** The provider cannot translate between these two languages. */
  'UNSUPPORTED_PAIR',
  /** We could not tell which language the text is in, and the provider needs to know. */
  'UNKNOWN_SOURCE_LANGUAGE',
  'TEXT_TOO_LONG',
  /** The provider failed on its side (5xx) after retries. */
  'SERVER_ERROR',
  /** The provider answered something we could not use (wrong shape, wrong count). */
  'BAD_RESPONSE',
  /** The provider is not set up (no key, no URL, disabled). */
  'NOT_CONFIGURED',
  'CANCELLED',
] as const;
export type TranslateErrorCode = (typeof TRANSLATE_ERROR_CODES)[number];

/** Worth another attempt after a pause; the rest need a person to change something. */
const RETRYABLE = new Set<TranslateErrorCode>(['RATE_LIMITED', 'TIMEOUT', 'SERVER_ERROR', 'UNREACHABLE']);

/** Errors that concern the provider as a whole, not one text: try another provider. */
const PROVIDER_LEVEL = new Set<TranslateErrorCode>([
  'BAD_KEY', 'QUOTA_EXCEEDED', 'RATE_LIMITED', 'UNREACHABLE', 'TIMEOUT', 'SERVER_ERROR', 'NOT_CONFIGURED', 'UNSUPPORTED_PAIR',
]);

export class TranslateError extends Error {
  readonly retryable: boolean;
  constructor(
    readonly code: TranslateErrorCode,
    message: string,
    readonly details: {
      provider?: string;
      status?: number;
      /** From a Retry-After header, when the provider sent one. */
      retryAfterMs?: number;
      cause?: unknown;
    } = {},
  ) {
    super(message, details.cause !== undefined ? { cause: details.cause } : undefined);
    this.name = 'TranslateError';
    this.retryable = RETRYABLE.has(code);
  }

  get providerLevel(): boolean {
    return PROVIDER_LEVEL.has(this.code);
  }

  toJSON(): TranslateErrorInfo {
    return { code: this.code, message: this.message, provider: this.details.provider ?? null, status: this.details.status ?? null };
  }
}

/** What crosses IPC and lands in results: plain data. */
export interface TranslateErrorInfo {
  code: TranslateErrorCode;
  message: string;
  provider: string | null;
  status: number | null;
}

export function asTranslateError(err: unknown, provider?: string): TranslateError {
  if (err instanceof TranslateError) return err;
  const name = (err as { name?: string } | null)?.name;
  if (name === 'AbortError') return new TranslateError('CANCELLED', 'The translation was cancelled.', { provider, cause: err });
  if (name === 'TimeoutError') {
    return new TranslateError('TIMEOUT', `${provider ?? 'The translation service'} did not answer in time. Try again, or raise its timeout.`, { provider, cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new TranslateError('BAD_RESPONSE', `Unexpected failure from ${provider ?? 'the translation service'}: ${message}`, { provider, cause: err });
}
