import type { Settings } from '../../shared/settings';
import type { SupervisorSettings } from './supervisor-api';

/**
 * The user's Settings as the supervisor's knobs (ARCHITECTURE §4): idle accounts hibernate
 * after `idleMinutes` when enabled; hibernated accounts are always woken every
 * `sweepMinutes` so what arrived meanwhile is archived; media above the cap is not fetched.
 */
export function supervisorSettings(s: Pick<Settings, 'hibernation' | 'mediaCapMb'>): Required<SupervisorSettings> {
  const h = s.hibernation;
  return {
    hibernation: { idleMs: h.enabled ? h.idleMinutes * 60_000 : null, sweepEveryMs: h.sweepMinutes * 60_000 },
    mediaMaxBytes: s.mediaCapMb * 1024 * 1024,
  };
}
