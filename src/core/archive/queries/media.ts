import type { Db } from '../open';
import { stmt } from './statements';

/** Size and MIME type of a stored media file, for serving it by its hash. */
export function mediaInfo(db: Db, args: { sha256: string }): { size: number; mime: string | null } | null {
  return (stmt(db, 'SELECT size, mime FROM media_files WHERE sha256 = ?').get(args.sha256) as
    { size: number; mime: string | null } | undefined) ?? null;
}
