import { describe, expect, it } from 'vitest';
import { supervisorSettings } from '../../../src/core/accounts/settings-policy';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings';

describe('Settings → supervisor knobs', () => {
  it('hibernates idle accounts only when enabled, and always sweeps', () => {
    expect(supervisorSettings({ hibernation: { enabled: true, idleMinutes: 30, sweepMinutes: 120 }, mediaCapMb: 64 }).hibernation)
      .toEqual({ idleMs: 1_800_000, sweepEveryMs: 7_200_000 });
    expect(supervisorSettings({ hibernation: { enabled: false, idleMinutes: 30, sweepMinutes: 15 }, mediaCapMb: 64 }).hibernation)
      .toEqual({ idleMs: null, sweepEveryMs: 900_000 });
    expect(supervisorSettings(DEFAULT_SETTINGS).hibernation.idleMs).toBe(DEFAULT_SETTINGS.hibernation.idleMinutes * 60_000);
  });

  it('turns the media cap in MB into bytes', () => {
    expect(supervisorSettings({ ...DEFAULT_SETTINGS, mediaCapMb: 5 }).mediaMaxBytes).toBe(5 * 1024 * 1024);
  });
});
