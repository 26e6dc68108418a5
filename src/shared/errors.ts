/**
 * Errors as they cross the IPC boundary. A call never rejects across the wire: it
 * resolves to an InvokeResult, so the code survives contextBridge and JSON alike and the
 * renderer can say what to do in the user's language.
 */
export const APP_ERROR_CODES = [
  'INVALID_INPUT',
  'UNKNOWN_CHANNEL',
  'FORBIDDEN',
  'NOT_FOUND',
  'ADMIN_PASSPHRASE_NOT_SET',
  'ADMIN_PASSPHRASE_WRONG',
  'SUPERVISOR_UNAVAILABLE',
  'UNSUPPORTED',
  // the team server's console: the session ended (sign in again)
  'SIGNED_OUT',
  // customers, bundles, exports and imports (src/core/crm/errors.ts, src/core/exchange/errors.ts)
  'CONFLICT',
  'BUNDLE_INVALID',
  'BUNDLE_TOO_NEW',
  'PASSPHRASE_REQUIRED',
  'PASSPHRASE_WRONG',
  'IMPORT_INVALID',
  'DATE_ORDER_AMBIGUOUS',
  'TARGET_EXISTS',
  'CANCELLED',
  // from the archive (src/core/archive/errors.ts)
  'KEY_MISMATCH',
  'KEY_INVALID',
  'KEY_MISSING',
  'CORRUPT',
  'DISK_FULL',
  'INVALID_OPERATION',
  'TOO_NEW',
  'CLOSED',
  'MEDIA_TOO_LARGE',
  'INVALID_MEDIA_ID',
  'INTERNAL',
] as const;
export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

export interface AppErrorData {
  code: AppErrorCode;
  /** English, for logs and as a fallback; the renderer shows `errors.<code>` from its locale. */
  message: string;
  /** For INVALID_INPUT: one line per offending field (`label: Too small`). */
  issues?: string[];
}

export type InvokeResult<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };

export function isAppErrorCode(code: unknown): code is AppErrorCode {
  return typeof code === 'string' && (APP_ERROR_CODES as readonly string[]).includes(code);
}
