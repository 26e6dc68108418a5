import { z } from 'zod';
import { type AppErrorCode, type AppErrorData, isAppErrorCode } from '../../shared/errors';
import { ArchiveError } from '../archive/errors';

/** An error a channel handler raises on purpose; its code reaches the renderer. */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly issues?: string[],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** Anything a handler threw, as it crosses the wire. Unexpected errors become INTERNAL. */
export function toErrorData(err: unknown): AppErrorData {
  if (err instanceof AppError) return { code: err.code, message: err.message, ...(err.issues ? { issues: err.issues } : {}) };
  if (err instanceof z.ZodError) return invalidInput(err);
  if (err instanceof ArchiveError && isAppErrorCode(err.code)) return { code: err.code, message: err.message };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message: `Unexpected error: ${message}` };
}

export function invalidInput(err: z.ZodError): AppErrorData {
  const issues = err.issues.map((i) => `${i.path.length ? i.path.join('.') : '(input)'}: ${i.message}`);
  return { code: 'INVALID_INPUT', message: `Invalid input — ${issues.join('; ')}`, issues };
}
