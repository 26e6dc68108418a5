import { DATE_ORDERS, type DateOrder } from '../../shared/crm-views';
import { to24h } from './whatsapp-day-periods';
import type { ExportLine } from './whatsapp-export-lines';

/**
 * Which part of an export's dates is the day, the month and the year. A phone writes one order
 * for the whole file; we decide it from the file or not at all: a reading is ruled out when a
 * date does not exist under it (13/5/24 as month 13) or puts a message before WhatsApp
 * existed or after today, and, among the rest, when it makes the file go back in time (exports
 * list messages in the order they were sent). When more than one reading survives, the caller must be told
 * the order — guessing silently moved every message of a US export by months.
 */

export { DATE_ORDERS, type DateOrder } from '../../shared/crm-views';

const DAY = 86_400_000;
const WHATSAPP_LAUNCH = Date.UTC(2009, 0, 1);
/** Phones show messages out of order by minutes (sent offline) or an hour (a clock change), never by more than a day. */
const BACKWARDS_TOLERANCE = DAY;

interface CivilDate { y: number; m: number; d: number }

/**
 * Two-digit years come last (05/01/24, 19.04.17), except in the few locales that write them
 * first with their own separators: Korean "24. 1. 5." and the ISO-like "24-01-05". Allowing a
 * two-digit year first everywhere would make every German or British export ambiguous.
 */
const SHORT_YEAR_FIRST_SEPARATORS = new Set(['-', '. ']);

function year(s: string): number | null {
  if (s.length === 2) return 2000 + Number(s);
  if (s.length !== 4) return null;
  const n = Number(s);
  // Thai phones set to the Buddhist calendar write 2567 for 2024
  return n >= 2400 ? n - 543 : n;
}

const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

export function civilDate(line: ExportLine, order: DateOrder): CivilDate | null {
  const [a, b, c] = line.date;
  const o = line.fixedOrder ?? order;
  const [ys, ms, ds] = o === 'ymd' ? [a, b, c] : o === 'dmy' ? [c, b, a] : [c, a, b];
  if (o === 'ymd' && ys.length === 2 && !SHORT_YEAR_FIRST_SEPARATORS.has(line.separator)) return null;
  const y = year(ys);
  const m = Number(ms);
  const d = Number(ds);
  if (y === null || ms.length > 2 || ds.length > 2 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) return null;
  return { y, m, d };
}

/** The clock on the exporting phone's wall, as if it were UTC; null when the date does not exist in this order. */
export function wallClock(line: ExportLine, order: DateOrder): number | null {
  const date = civilDate(line, order);
  return date && Date.UTC(date.y, date.m - 1, date.d, to24h(line.hour, line.period), line.minute, line.second);
}

/** The first line whose date this order cannot read, if any. */
export function unreadableLine(lines: readonly ExportLine[], order: DateOrder): ExportLine | undefined {
  return lines.find((l) => civilDate(l, order) === null);
}

/**
 * The orders this file can be read in: exactly one when the file decides it, none when no
 * order gives real dates (a phone on another calendar, or with its clock reset).
 */
export function possibleDateOrders(lines: readonly ExportLine[], now: number): DateOrder[] {
  let orders = DATE_ORDERS.filter((o) => unreadableLine(lines, o) === undefined && lines.every((l) => {
    const t = wallClock(l, o)!;
    return t >= WHATSAPP_LAUNCH && t <= now + 2 * DAY;
  }));
  const inOrder = orders.filter((o) => inSendingOrder(lines, o));
  if (inOrder.length > 0) orders = inOrder;
  // a date that names its parts (2024年1月5日) is reported in its own order
  const named = lines.find((l) => l.fixedOrder)?.fixedOrder;
  if (named && orders.includes(named)) orders = [named, ...orders.filter((o) => o !== named)];
  // 5.05.2017 is the same day either way: orders that date every line alike are one reading
  return orders.filter((o, i) => !orders.slice(0, i).some((p) => lines.every((l) => wallClock(l, o) === wallClock(l, p))));
}

function inSendingOrder(lines: readonly ExportLine[], order: DateOrder): boolean {
  let latest = -Infinity;
  for (const l of lines) {
    const t = wallClock(l, order)!;
    if (t < latest - BACKWARDS_TOLERANCE) return false;
    latest = Math.max(latest, t);
  }
  return true;
}

export const DATE_ORDER_NAMES: Record<DateOrder, string> = { dmy: 'day/month/year', mdy: 'month/day/year', ymd: 'year/month/day' };
