import type { Db } from '../open';
import { stmt } from './statements';

/** Size and MIME type of a stored media file, for serving it by its hash. */
export function mediaInfo(db: Db, args: { sha256: string }): { size: number; mime: string | null } | null {
  return (stmt(db, 'SELECT size, mime FROM media_files WHERE sha256 = ?').get(args.sha256) as
    { size: number; mime: string | null } | undefined) ?? null;
}

export interface StoredMediaFile { sha256: string; size: number; storedAt: number }

/** Stored media files after a (stored_at, sha256) cursor, oldest first: what the team replicator offers the server. */
export function mediaFilesAfter(db: Db, args: { storedAt: number; sha256: string; limit: number }): StoredMediaFile[] {
  return stmt(db, `SELECT sha256, size, stored_at AS storedAt FROM media_files
    WHERE stored_at > @storedAt OR (stored_at = @storedAt AND sha256 > @sha256) ORDER BY stored_at, sha256 LIMIT @limit`)
    .all(args) as StoredMediaFile[];
}

export interface PendingMedia {
  rowId: number;
  messageId: string;
  chatId: string;
  status: 'pending' | 'failed';
}

/**
 * Media capture still owes: messages with media whose file is neither stored nor given up
 * on (expired, too large), newest first, paged by `beforeRowId`. Capture resumes from here
 * after a restart, so no file is forgotten while WhatsApp still has it.
 */
export function pendingMedia(db: Db, args: { accountId: string; beforeRowId?: number; limit?: number }): PendingMedia[] {
  const limit = Math.min(Math.max(args.limit ?? 200, 1), 1000);
  return stmt(db, `SELECT m.id AS rowId, m.wa_id AS messageId, c.wa_id AS chatId, coalesce(mm.status, 'pending') AS status
    FROM messages m JOIN chats c ON c.id = m.chat_id
    LEFT JOIN message_media mm ON mm.account_id = m.account_id AND mm.msg_wa_id = m.wa_id
    WHERE m.account_id = ? AND m.has_media = 1 AND m.id < ? AND (mm.status IS NULL OR mm.status IN ('pending', 'failed'))
    ORDER BY m.id DESC LIMIT ?`).all(args.accountId, args.beforeRowId ?? Number.MAX_SAFE_INTEGER, limit) as PendingMedia[];
}
