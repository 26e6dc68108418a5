import { describe, expect, it } from 'vitest';
import {
  decidePermissionCheck,
  decidePermissionRequest,
  MAX_MIC_GRANT_MS,
  MicGrants,
  type PermissionQuery,
} from '../../../src/main/policy/permissions';

const WA = 'https://web.whatsapp.com';
const account = { kind: 'account', accountId: 'a1' } as const;
const q = (over: Partial<PermissionQuery>): PermissionQuery => ({
  surface: account,
  permission: 'notifications',
  origin: WA,
  isMainFrame: true,
  ...over,
});

describe('permission decisions', () => {
  const ctx = (mic = new MicGrants(), now = 1_000) => ({ accountOrigins: new Set([WA]), mic, now });

  it('account views get notifications', () => {
    expect(decidePermissionRequest(q({}), ctx())).toBe('grant');
    expect(decidePermissionCheck(q({}), ctx())).toBe(true);
  });

  it('the app renderer gets nothing, not even notifications', () => {
    for (const permission of ['notifications', 'media', 'clipboard-read', 'clipboard-sanitized-write', 'geolocation']) {
      expect(decidePermissionRequest(q({ surface: { kind: 'app' }, permission, origin: 'app://switchboard' }), ctx())).toBe('deny');
      expect(decidePermissionCheck(q({ surface: { kind: 'app' }, permission, origin: 'app://switchboard' }), ctx())).toBe(false);
    }
  });

  it('everything else is denied for account views', () => {
    for (const permission of ['geolocation', 'clipboard-read', 'display-capture', 'midi', 'openExternal', 'hid', 'usb', 'fullscreen', 'unknown']) {
      expect(decidePermissionRequest(q({ permission }), ctx())).toBe('deny');
    }
  });

  it('foreign origins and subframes are denied', () => {
    expect(decidePermissionRequest(q({ origin: 'https://evil.example' }), ctx())).toBe('deny');
    expect(decidePermissionRequest(q({ origin: null }), ctx())).toBe('deny');
    expect(decidePermissionRequest(q({ isMainFrame: false }), ctx())).toBe('deny');
  });

  it('microphone: ask without a grant window, grant inside it, deny camera always', () => {
    const mic = new MicGrants();
    const audio = q({ permission: 'media', mediaTypes: ['audio'] });
    expect(decidePermissionRequest(audio, ctx(mic, 1_000))).toBe('ask');
    expect(decidePermissionCheck(audio, ctx(mic, 1_000))).toBe(false);
    mic.open('a1', 1_000, 60_000);
    expect(decidePermissionRequest(audio, ctx(mic, 30_000))).toBe('grant');
    expect(decidePermissionCheck(audio, ctx(mic, 30_000))).toBe(true);
    expect(decidePermissionRequest(q({ permission: 'media', mediaTypes: ['audio', 'video'] }), ctx(mic, 30_000))).toBe('deny');
    expect(decidePermissionRequest(q({ permission: 'media', mediaTypes: ['video'] }), ctx(mic, 30_000))).toBe('deny');
    expect(decidePermissionRequest(q({ permission: 'media', mediaTypes: [] }), ctx(mic, 30_000))).toBe('deny');
  });

  it('a grant is per account and expires', () => {
    const mic = new MicGrants();
    mic.open('a1', 0, 60_000);
    const other = q({ surface: { kind: 'account', accountId: 'a2' }, permission: 'media', mediaTypes: ['audio'] });
    expect(decidePermissionRequest(other, ctx(mic, 10))).toBe('ask');
    expect(mic.isOpen('a1', 59_999)).toBe(true);
    expect(mic.isOpen('a1', 60_000)).toBe(false);
  });

  it('a grant is capped and can be revoked', () => {
    const mic = new MicGrants();
    expect(mic.open('a1', 0, 24 * 3600_000)).toBe(MAX_MIC_GRANT_MS);
    mic.revoke('a1');
    expect(mic.isOpen('a1', 1)).toBe(false);
  });
});
