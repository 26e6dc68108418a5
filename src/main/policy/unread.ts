import type { UnreadReport } from '../../shared/ipc-wire';

/**
 * Unread counts reported by each account's preload (read from WhatsApp's own IndexedDB),
 * summed for the tray, the taskbar/dock badge and the renderer. The report comes from a
 * page process, so main validates it (UnreadReportSchema) before it gets here.
 */

export interface UnreadTotals {
  /** Unread in chats that are not muted: the badge number. */
  badge: number;
  muted: number;
  /** Tray tooltip, zh-CN first. */
  tooltip: string;
}

export function unreadTotals(reports: Iterable<UnreadReport>): UnreadTotals {
  let badge = 0;
  let muted = 0;
  for (const r of reports) {
    badge += r.unread;
    muted += r.unreadMuted;
  }
  const tooltip = badge > 0 ? `Switchboard — ${badge} 条未读 · ${badge} unread` : 'Switchboard';
  return { badge, muted, tooltip };
}

/** What the badge shows: a number up to 99, then "99+". Empty when nothing is unread. */
export function badgeText(count: number): string {
  if (count <= 0) return '';
  return count > 99 ? '99+' : String(count);
}
