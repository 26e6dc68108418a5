import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../../src/core/app';
import { Archive } from '../../../src/core/archive/archive';
import { staticKeyProvider } from '../../../src/core/archive/key';
import { mediaPath, putMedia } from '../../../src/core/archive/media-store';
import { profilePaths } from '../../../src/core/archive/profile';
import type { EventPayload } from '../../../src/shared/contract';
import { account, msg, tempArchive, track } from '../../helpers/archive';
import { tempDir } from '../../helpers/temp';

/** Settings → Move the data folder: copy, verify, then hand over to main for the restart. */

async function world(relocate?: (dir: string) => Promise<void>) {
  const { archive, dir, key } = await tempArchive();
  const paths = profilePaths(dir);
  const photo = await putMedia(paths.media, Buffer.from('a photo of the sample'), 1024);
  await archive.write([
    account(),
    msg({ body: 'Hola, ¿precio?' }),
    msg({ body: '样品已寄出' }),
  ]);
  const core = await createCore({ archive, paths, supervisor: null, keys: staticKeyProvider(key), ...(relocate ? { relocateProfile: relocate } : {}) });
  return { core, archive, paths, key, photo };
}

describe('moving the data folder', () => {
  it('copies archive and media into the new folder, verifies them, then asks main to restart from it; the old folder stays', async () => {
    const moved: string[] = [];
    const { core, paths, key, photo } = await world(async (dir) => void moved.push(dir));
    const target = path.join(tempDir(), 'D-drive', 'Switchboard');
    const progress: Array<EventPayload<'settings.moveProgress'>> = [];
    core.on('settings.moveProgress', (p) => progress.push(p));
    expect(await core.call('app.info', {})).toMatchObject({ canMoveDataFolder: true });

    const r = await core.call('settings.moveDataFolder', { target });
    expect(r).toEqual({ dataFolder: target, messages: 2, mediaFiles: 1 });
    expect(moved).toEqual([target]);
    expect(progress.map((p) => p.phase)).toEqual(expect.arrayContaining(['archive', 'media', 'verify']));
    expect(progress.at(-1)).toEqual({ phase: 'verify', done: 1, total: 1 });

    // the copy opens with the same key and holds everything, including its own audit entry
    const copy = track((await Archive.openProfile(target, staticKeyProvider(key))).archive);
    expect((await copy.query('stats')).messages).toBe(2);
    expect((await copy.query('search', { query: '样品' })).hits).toHaveLength(1);
    expect(readFileSync(mediaPath(profilePaths(target).media, photo.sha256)).toString()).toBe('a photo of the sample');
    expect((await copy.query('auditLog', {})).map((a) => a.action)).toContain('dataFolder.move');
    // the old folder is untouched
    expect(existsSync(paths.db)).toBe(true);
    expect(existsSync(mediaPath(paths.media, photo.sha256))).toBe(true);
    await core.close();
  });

  it('refuses a folder that is not empty, the current folder or one inside it, or a relative path, and changes nothing', async () => {
    const moved: string[] = [];
    const { core, paths } = await world(async (dir) => void moved.push(dir));
    const busy = tempDir();
    writeFileSync(path.join(busy, 'notes.txt'), 'keep me');
    for (const target of [busy, paths.dir, path.join(paths.dir, 'inner'), 'relative/folder']) {
      const r = await core.handle('settings.moveDataFolder', { target });
      expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_OPERATION' } });
    }
    expect(readdirSync(busy)).toEqual(['notes.txt']);
    expect(existsSync(path.join(paths.dir, 'inner'))).toBe(false);
    expect(moved).toEqual([]);
    // still a working archive here
    expect((await core.call('archive.stats', {})).messages).toBe(2);
    await core.close();
  });

  it('an empty folder that already exists is fine; without a shell that can restart, the data folder cannot move', async () => {
    const empty = tempDir();
    mkdirSync(path.join(empty, 'x'));
    const { core: fixed } = await world();
    expect(await fixed.call('app.info', {})).toMatchObject({ canMoveDataFolder: false });
    expect(await fixed.handle('settings.moveDataFolder', { target: path.join(empty, 'x') })).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
    await fixed.close();

    const moved: string[] = [];
    const { core } = await world(async (dir) => void moved.push(dir));
    await core.call('settings.moveDataFolder', { target: path.join(empty, 'x') });
    expect(moved).toEqual([path.join(empty, 'x')]);
    await core.close();
  });
});
