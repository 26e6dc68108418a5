import type { TranslateErrorCode, TranslateErrorInfo } from '../../shared/translate-views';

/** The codes (and the plain error shape) are shared with the renderer, which maps them to zh-CN/English text. */
export { TRANSLATE_ERROR_CODES } from '../../shared/translate-views';
export type { TranslateErrorCode, TranslateErrorInfo };

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
