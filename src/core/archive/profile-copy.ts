import { cp, mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Archive } from './archive';
import { ArchiveError } from './errors';
import type { KeyProvider } from './key';
import { ARCHIVE_FILE, MEDIA_DIR, type ProfilePaths, profilePaths } from './profile';

/**
 * Copies a profile (archive and media) into another folder, for moving the data folder to
 * a bigger disk. The archive is copied with VACUUM INTO (consistent, same key), the media
 * files as they are; the copy is then opened and verified (integrity, audit chain, message
 * and media counts) before anyone switches to it. The source is never changed or removed:
 * deleting the old folder is the user's decision, after the app runs from the new one.
 */

export interface CopyProgress {
  phase: 'archive' | 'media' | 'verify';
  done: number;
  total: number;
}

export interface CopyResult {
  paths: ProfilePaths;
  messages: number;
  mediaFiles: number;
}

/** Refuses targets that would overwrite anything or nest in the source. */
export async function checkCopyTarget(from: ProfilePaths, target: string): Promise<string> {
  if (!path.isAbsolute(target)) throw new ArchiveError('INVALID_OPERATION', `Choose a full folder path, not "${target}".`);
  const dest = path.resolve(target);
  const src = path.resolve(from.dir);
  // Windows paths compare without case: C:\Data and c:\data are one folder
  const norm = (p: string) => (process.platform === 'win32' ? p.toLowerCase() : p);
  const inside = (a: string, b: string) => norm(a) === norm(b) || norm(a).startsWith(norm(b) + path.sep);
  if (inside(dest, src) || inside(src, dest)) {
    throw new ArchiveError('INVALID_OPERATION', `${dest} is the current data folder or inside it (or holds it); choose a folder elsewhere.`);
  }
  const info = await stat(dest).catch(() => null);
  if (info && !info.isDirectory()) throw new ArchiveError('INVALID_OPERATION', `${dest} is a file; choose an empty folder or a new folder name.`);
  if (info && (await readdir(dest)).length > 0) {
    throw new ArchiveError('INVALID_OPERATION', `${dest} is not empty; choose an empty folder or a new folder name. Nothing was changed.`);
  }
  return dest;
}

export async function copyProfile(o: {
  archive: Archive;
  from: ProfilePaths;
  target: string;
  keys: KeyProvider;
  onProgress?: (p: CopyProgress) => void;
}): Promise<CopyResult> {
  const dest = await checkCopyTarget(o.from, o.target);
  const to = profilePaths(dest);
  const createdDest = !(await stat(dest).catch(() => null));
  const before = await o.archive.query('stats');
  try {
    await mkdir(dest, { recursive: true });
    o.onProgress?.({ phase: 'archive', done: 0, total: 1 });
    await o.archive.backup(path.join(dest, ARCHIVE_FILE));
    o.onProgress?.({ phase: 'archive', done: 1, total: 1 });

    const mediaFiles = await listFiles(o.from.media);
    await mkdir(to.media, { recursive: true });
    for (const [i, rel] of mediaFiles.entries()) {
      await cp(path.join(o.from.media, rel), path.join(to.media, rel), { errorOnExist: true, force: false });
      if (i % 200 === 0) o.onProgress?.({ phase: 'media', done: i, total: mediaFiles.length });
    }
    o.onProgress?.({ phase: 'media', done: mediaFiles.length, total: mediaFiles.length });

    o.onProgress?.({ phase: 'verify', done: 0, total: 1 });
    const { archive: copy } = await Archive.openProfile(dest, o.keys);
    try {
      const v = await copy.query('verify');
      if (!v.ok) throw new ArchiveError('INVALID_OPERATION', `The copy in ${dest} did not verify (${v.integrity.join('; ')}); the current data folder is unchanged.`);
      const after = await copy.query('stats');
      if (after.messages < before.messages || (await listFiles(to.media)).length < mediaFiles.length) {
        throw new ArchiveError('INVALID_OPERATION', `The copy in ${dest} is incomplete; the current data folder is unchanged.`);
      }
      o.onProgress?.({ phase: 'verify', done: 1, total: 1 });
      return { paths: to, messages: after.messages, mediaFiles: mediaFiles.length };
    } finally {
      await copy.close();
    }
  } catch (err) {
    // a half copy must not be mistaken for a profile later; the source was never touched
    if (createdDest) await rm(dest, { recursive: true, force: true });
    else await Promise.all([ARCHIVE_FILE, `${ARCHIVE_FILE}-wal`, `${ARCHIVE_FILE}-shm`, MEDIA_DIR].map((f) => rm(path.join(dest, f), { recursive: true, force: true })));
    throw err;
  }
}

/** Every file under `dir`, relative to it ('' when there is no such folder). */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}
