import type { LocalTime } from './crm-views';

/** Time zones by IANA name, through Intl (Node ships full ICU): customers' local time, imports' wall clocks. */

// Building a formatter costs far more than using one: one per zone, kept.
const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterOf(timeZone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short',
      });
    } catch {
      f = null;
    }
    if (formatters.size < 1000) formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(tz: string): boolean {
  return formatterOf(tz) !== null;
}

export type { LocalTime } from './crm-views';

/** The customer's wall-clock time now (or at `at`), from an IANA zone. */
export function localTime(timeZone: string, at: number): LocalTime {
  const f = formatterOf(timeZone);
  // callers validate zones with isValidTimeZone where the user enters them; a bad one here is a bug
  if (!f) throw new RangeError(`Unknown time zone "${timeZone}". Use an IANA name like Europe/Madrid.`);
  const parts = Object.fromEntries(f.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday ?? '');
  const hour = Number(parts.hour);
  return {
    time: `${parts.hour}:${parts.minute}`,
    date: `${parts.year}-${parts.month}-${parts.day}`,
    offsetMinutes: Math.round((wall - Math.floor(at / 60_000) * 60_000) / 60_000),
    weekday,
    workingHours: weekday >= 1 && weekday <= 5 && hour >= 8 && hour < 20,
  };
}

/** The UTC instant of a wall-clock time in a zone (the earlier one when a DST change repeats it). */
export function zonedToUtc(y: number, month: number, d: number, h: number, mi: number, s: number, timeZone: string): number {
  const guess = Date.UTC(y, month - 1, d, h, mi, s);
  let t = guess - localTime(timeZone, guess).offsetMinutes * 60_000;
  const off = localTime(timeZone, t).offsetMinutes;
  t = guess - off * 60_000;
  return t;
}
