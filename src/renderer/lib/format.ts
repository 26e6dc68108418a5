import i18next from 'i18next';

const cache = new Map<string, Intl.DateTimeFormat>();
function fmt(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${i18next.language}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(i18next.language, options);
    cache.set(key, f);
  }
  return f;
}

export const dayKey = (ts: number): string => {
  const d = new Date(ts);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
};

export function formatTime(ts: number): string {
  return fmt({ hour: '2-digit', minute: '2-digit' }).format(ts);
}

export function formatDateTime(ts: number): string {
  return fmt({ year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(ts);
}

/** For day separators: today / yesterday / a full date. */
export function formatDay(ts: number, now = Date.now()): string {
  if (dayKey(ts) === dayKey(now)) return i18next.t('time.today');
  if (dayKey(ts) === dayKey(now - 86_400_000)) return i18next.t('time.yesterday');
  const sameYear = new Date(ts).getFullYear() === new Date(now).getFullYear();
  return fmt(sameYear ? { month: 'long', day: 'numeric', weekday: 'short' } : { year: 'numeric', month: 'long', day: 'numeric' }).format(ts);
}

/** Chat list stamps: time today, weekday this week, else a short date. */
export function formatShort(ts: number, now = Date.now()): string {
  if (dayKey(ts) === dayKey(now)) return formatTime(ts);
  if (now - ts < 6 * 86_400_000) return fmt({ weekday: 'short' }).format(ts);
  const sameYear = new Date(ts).getFullYear() === new Date(now).getFullYear();
  return fmt(sameYear ? { month: 'numeric', day: 'numeric' } : { year: '2-digit', month: 'numeric', day: 'numeric' }).format(ts);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(i18next.language).format(n);
}
