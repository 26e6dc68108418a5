import { describe, expect, it } from 'vitest';
import { supervisorHibernation } from '../../../src/main/policy/hibernation';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings';

describe('hibernation settings → supervisor timers', () => {
  it('hibernates idle accounts only when enabled, and always sweeps', () => {
    expect(supervisorHibernation({ enabled: true, idleMinutes: 30, sweepMinutes: 120 })).toEqual({ idleMs: 1_800_000, sweepEveryMs: 7_200_000 });
    expect(supervisorHibernation({ enabled: false, idleMinutes: 30, sweepMinutes: 15 })).toEqual({ idleMs: null, sweepEveryMs: 900_000 });
    expect(supervisorHibernation(DEFAULT_SETTINGS.hibernation).idleMs).toBe(DEFAULT_SETTINGS.hibernation.idleMinutes * 60_000);
  });
});
