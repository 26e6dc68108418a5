import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ArchiveError } from './errors';

/**
 * A profile folder holds one archive and its media. The archive key is NOT kept here:
 * it comes from a KeyProvider (safeStorage in the app, a key file elsewhere or an env var).
 */
export interface ProfilePaths {
  dir: string;
  db: string;
  media: string;
}

export const ARCHIVE_FILE = 'archive.db';
export const MEDIA_DIR = 'media';

export function profilePaths(dir: string): ProfilePaths {
  const abs = path.resolve(dir);
  return { dir: abs, db: path.join(abs, ARCHIVE_FILE), media: path.join(abs, MEDIA_DIR) };
}

/** Resolves an existing profile folder, with an error that says what is wrong. */
export function existingProfile(dir: string): ProfilePaths {
  const p = profilePaths(dir);
  if (!existsSync(p.dir)) throw new ArchiveError('NOT_FOUND', `The profile folder ${p.dir} does not exist.`);
  if (!statSync(p.dir).isDirectory()) throw new ArchiveError('NOT_FOUND', `${p.dir} is a file, not a profile folder.`);
  if (!existsSync(p.db)) {
    throw new ArchiveError('NOT_FOUND', `${p.dir} is not a Switchboard profile: it has no ${ARCHIVE_FILE}.`);
  }
  return p;
}

/** Creates the folder layout for a new profile (the database is created by Archive.open). */
export function ensureProfile(dir: string): ProfilePaths {
  const p = profilePaths(dir);
  mkdirSync(p.media, { recursive: true });
  return p;
}
