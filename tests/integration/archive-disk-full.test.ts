import { execFileSync } from 'node:child_process';
import { mkdirSync, rmdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../src/core/archive/archive';
import { ArchiveError } from '../../src/core/archive/errors';
import { generateKey, staticKeyProvider } from '../../src/core/archive/key';
import { putMedia } from '../../src/core/archive/media-store';
import { account, msg } from '../helpers/archive';
import { tempDir } from '../helpers/temp';

/**
 * A real full disk: a 3 MB tmpfs mounted for the test. Mounting needs root (CI and this
 * machine run as root); elsewhere the test says why it did not run.
 */
let mountPoint = '';
let mounted = false;

beforeAll(() => {
  mountPoint = path.join(tempDir('sb-full-', 'file'), 'disk');
  mkdirSync(mountPoint);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mountPoint], { stdio: 'pipe' });
    mounted = true;
  } catch (err) {
    console.warn(`disk-full test needs root to mount a small tmpfs: ${String(err).split('\n')[0]}`);
  }
});

afterAll(() => {
  if (mounted) execFileSync('umount', ['-l', mountPoint]);
  try { rmdirSync(mountPoint); } catch { /* removed with its parent */ }
});

describe('disk full', () => {
  it.runIf(process.getuid?.() === 0)('fails the batch with a clear error, keeps what was committed, and goes on once space is back', async () => {
    expect(mounted).toBe(true);
    const key = generateKey();
    const { archive, paths } = await Archive.openProfile(path.join(mountPoint, 'profile'), staticKeyProvider(key), { create: true });
    try {
      await archive.write([account()]);
      let committed = 0;
      let failure: unknown = null;
      for (let b = 0; b < 500 && !failure; b++) {
        const batch = Array.from({ length: 50 }, (_, i) => msg({ id: `b${b}-${i}`, body: `${'lorem ipsum '.repeat(40)} ${b}-${i}` }));
        try {
          await archive.write(batch);
          committed += batch.length;
        } catch (err) {
          failure = err;
        }
      }
      expect(failure).toBeInstanceOf(ArchiveError);
      expect(failure).toMatchObject({ code: 'DISK_FULL' });
      expect((failure as Error).message).toMatch(/disk holding the archive is full.*free some space/i);
      expect((await archive.query('stats')).messages).toBe(committed);
      expect((await archive.query('verify')).ok).toBe(true);
      await expect(putMedia(paths.media, Buffer.alloc(2 * 1024 * 1024, 1))).rejects.toMatchObject({ code: 'DISK_FULL' });

      execFileSync('mount', ['-o', 'remount,size=64m', mountPoint]);
      await archive.write([msg({ id: 'after-space-freed', body: 'written once there was room again' })]);
      expect((await archive.query('stats')).messages).toBe(committed + 1);
      expect((await archive.query('verify')).ok).toBe(true);
    } finally {
      await archive.close();
    }
  });
});
