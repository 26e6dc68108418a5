import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, statSync, type ReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ArchiveError } from './errors';

/**
 * Content-addressed media files: `<mediaDir>/<sha256[0:2]>/<sha256>`. The path is derived
 * from the bytes' hash only, never from message data, so a hostile filename or id can
 * never place a file outside the media folder. Original filenames are metadata in the
 * archive (sanitized for display and export).
 */

export const SHA256_RE = /^[0-9a-f]{64}$/;
/** Default cap for one media file; a setting overrides it. */
export const DEFAULT_MEDIA_CAP_BYTES = 64 * 1024 * 1024;

export interface StoredMedia {
  sha256: string;
  size: number;
  /** false when identical bytes were already stored. */
  created: boolean;
}

export function mediaPath(mediaDir: string, sha256: string): string {
  if (!SHA256_RE.test(sha256)) throw new ArchiveError('INVALID_MEDIA_ID', `Not a media id: ${JSON.stringify(sha256).slice(0, 80)}`);
  return path.join(mediaDir, sha256.slice(0, 2), sha256);
}

/** Writes bytes once (temp file + rename, so a crash never leaves a half file under its hash). */
export async function putMedia(mediaDir: string, bytes: Uint8Array, capBytes: number = DEFAULT_MEDIA_CAP_BYTES): Promise<StoredMedia> {
  if (bytes.byteLength > capBytes) {
    throw new ArchiveError('MEDIA_TOO_LARGE', `Media of ${bytes.byteLength} bytes is over the ${capBytes}-byte cap.`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const target = mediaPath(mediaDir, sha256);
  try {
    if ((await stat(target)).size === bytes.byteLength) return { sha256, size: bytes.byteLength, created: false };
  } catch {
    // not stored yet
  }
  const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(tmp, bytes, { flag: 'wx', flush: true });
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    if ((err as NodeJS.ErrnoException).code === 'ENOSPC') {
      throw new ArchiveError('DISK_FULL', `The disk holding the media folder is full (${mediaDir}). Free some space and retry.`, { cause: err });
    }
    throw err;
  }
  return { sha256, size: bytes.byteLength, created: true };
}

/** A stream of a stored file, or null when it is not there. */
export function openMedia(mediaDir: string, sha256: string): { size: number; stream: () => ReadStream } | null {
  const file = mediaPath(mediaDir, sha256);
  try {
    const { size } = statSync(file);
    return { size, stream: () => createReadStream(file) };
  } catch {
    return null;
  }
}

const RESERVED_WINDOWS = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * A filename safe to show and to use as a download name on Windows, macOS and Linux:
 * no directories, no control or reserved characters, no reserved device names, bounded
 * length. Returns null when nothing usable is left.
 */
export function sanitizeFilename(name: string | null | undefined, maxChars = 200): string | null {
  if (typeof name !== 'string') return null;
  const base = name.replace(/[\u0000-\u001f\u007f]/g, '').split(/[\\/]/).pop() ?? '';
  let clean = base.replace(/[<>:"|?*]/g, '_').replace(/^[.\s]+|[.\s]+$/g, '');
  if (RESERVED_WINDOWS.test(clean)) clean = `_${clean}`;
  const chars = Array.from(clean);
  if (chars.length > maxChars) {
    const ext = path.extname(clean).slice(0, 16);
    clean = Array.from(clean.slice(0, clean.length - ext.length)).slice(0, maxChars - ext.length).join('') + ext;
  }
  return clean.length > 0 ? clean : null;
}
