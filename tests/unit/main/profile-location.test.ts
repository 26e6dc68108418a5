import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseProfileDir, PROFILE_LOCATION_FILE, saveProfileDir } from '../../../src/main/profile-location';
import { tempDir } from '../../helpers/temp';

describe('where the profile lives', () => {
  it('is the default folder until the data folder is moved, then the saved one', async () => {
    const userData = tempDir();
    const fallback = path.join(userData, 'profile');
    expect(await chooseProfileDir(userData, fallback)).toEqual({ ok: true, dir: fallback, moved: false });
    const moved = path.join(tempDir(), 'D', 'Switchboard');
    mkdirSync(moved, { recursive: true });
    await saveProfileDir(userData, moved);
    expect(await chooseProfileDir(userData, fallback)).toEqual({ ok: true, dir: moved, moved: true });
  });

  it('stops with a clear message when the moved folder is gone (an unplugged drive), never falling back to a new empty one', async () => {
    const userData = tempDir();
    const gone = path.join(tempDir(), 'unplugged', 'Switchboard');
    await saveProfileDir(userData, gone);
    const r = await chooseProfileDir(userData, path.join(userData, 'profile'));
    expect(r).toMatchObject({ ok: false, code: 'PROFILE_MISSING', detail: gone });
    expect(r.ok ? '' : r.en).toMatch(/connect it/);
  });

  it('refuses a damaged pointer file instead of guessing', async () => {
    const userData = tempDir();
    for (const text of ['{', JSON.stringify({ version: 1, profileDir: 'relative/dir' }), JSON.stringify({ version: 2, profileDir: '/x' })]) {
      writeFileSync(path.join(userData, PROFILE_LOCATION_FILE), text);
      expect(await chooseProfileDir(userData, path.join(userData, 'profile'))).toMatchObject({ ok: false, code: 'PROFILE_POINTER_INVALID' });
    }
  });
});
