import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A usage mistake: the CLI prints it with the command's usage and exits with 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * `2024-05-01`, `2024-05-01T14:30` (local time) or Unix ms. With `endOfDay`, a bare date
 * means the last millisecond of that day, so `--to 2024-05-01` includes the whole day.
 */
export function parseDate(value: string | undefined, flag: string, endOfDay = false): number | undefined {
  if (value === undefined) return undefined;
  if (/^\d{10,}$/.test(value)) return Number(value);
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?$/.exec(value);
  if (!m) throw new UsageError(`${flag} must be a date like 2024-05-01 or 2024-05-01T14:30, got "${value}".`);
  const [, y, mo, d, h, mi] = m;
  const start = new Date(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0)).getTime();
  if (Number.isNaN(start)) throw new UsageError(`${flag}: "${value}" is not a valid date.`);
  return endOfDay && h === undefined ? start + DAY_MS - 1 : start;
}

export function parseLimit(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 500) throw new UsageError(`--limit must be a whole number from 1 to 500, got "${value}".`);
  return n;
}
