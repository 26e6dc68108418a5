import type { HibernationPolicy } from '../../shared/settings';

/**
 * The user's hibernation settings as the supervisor's timers (ARCHITECTURE §4): idle
 * accounts hibernate after `idleMinutes` when enabled; hibernated accounts are always woken
 * every `sweepMinutes` so what arrived meanwhile is archived.
 */
export function supervisorHibernation(h: HibernationPolicy): { idleMs: number | null; sweepEveryMs: number } {
  return { idleMs: h.enabled ? h.idleMinutes * 60_000 : null, sweepEveryMs: h.sweepMinutes * 60_000 };
}
