import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { downloadTarget } from '../../../src/main/policy/downloads';
import { badgeText, unreadTotals } from '../../../src/main/policy/unread';
import { planUpdates } from '../../../src/main/policy/updates';

describe('download target', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-dl-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sanitizes the name and never overwrites', () => {
    expect(downloadTarget(dir, '报价单.pdf', existsSync)).toBe(path.join(dir, '报价单.pdf'));
    writeFileSync(path.join(dir, '报价单.pdf'), 'x');
    writeFileSync(path.join(dir, '报价单 (2).pdf'), 'x');
    expect(downloadTarget(dir, '报价单.pdf', existsSync)).toBe(path.join(dir, '报价单 (3).pdf'));
  });

  it('drops directories and reserved names from what the page suggests', () => {
    expect(downloadTarget(dir, '../../etc/passwd', existsSync)).toBe(path.join(dir, 'passwd'));
    expect(downloadTarget(dir, 'C:\\Windows\\evil.exe', existsSync)).toBe(path.join(dir, 'evil.exe'));
    expect(downloadTarget(dir, 'CON.txt', existsSync)).toBe(path.join(dir, '_CON.txt'));
    expect(downloadTarget(dir, '', existsSync)).toBe(path.join(dir, 'download'));
  });
});

describe('unread totals', () => {
  it('sums unmuted unread for the badge, keeps muted apart', () => {
    const t = unreadTotals([
      { adapter: 'x', unread: 3, unreadMuted: 10, chatsWithUnread: 4 },
      { adapter: 'x', unread: 2, unreadMuted: 0, chatsWithUnread: 1 },
    ]);
    expect(t).toEqual({ badge: 5, muted: 10, tooltip: 'Switchboard — 5 条未读 · 5 unread' });
    expect(unreadTotals([]).tooltip).toBe('Switchboard');
  });

  it('badge text', () => {
    expect(badgeText(0)).toBe('');
    expect(badgeText(7)).toBe('7');
    expect(badgeText(100)).toBe('99+');
  });
});

describe('update plan', () => {
  const base = { isPackaged: true, forcedPackaged: false, demo: false, platform: 'win32' as const, env: {}, linuxPackaged: false };
  it('runs only in a really packaged, self-updatable install', () => {
    expect(planUpdates(base)).toEqual({ enabled: true });
    expect(planUpdates({ ...base, isPackaged: false }).enabled).toBe(false);
    expect(planUpdates({ ...base, forcedPackaged: true }).enabled).toBe(false);
    expect(planUpdates({ ...base, env: { SWITCHBOARD_DISABLE_UPDATES: '1' } }).enabled).toBe(false);
    expect(planUpdates({ ...base, platform: 'linux' }).enabled).toBe(false);
    expect(planUpdates({ ...base, platform: 'linux', env: { APPIMAGE: '/home/u/Switchboard.AppImage' } })).toEqual({ enabled: true });
    expect(planUpdates({ ...base, platform: 'linux', linuxPackaged: true })).toEqual({ enabled: true });
  });
});
