import type { Db } from '../open';
import { MEDIA_STATUSES } from '../operations';
import { fromDb, toDb } from '../text-codec';
import { type Domain, statements } from './context';

const MEDIA_RANK = new Map<string, number>(MEDIA_STATUSES.map((s, i) => [s, i]));

/**
 * Media state is a join of everything reported: the highest-ranked status (with its
 * detail), and for each descriptive field the greatest value seen. That makes it the same
 * whatever order "pending", "stored", "expired"… reports arrive in.
 */
export function mediaDomain(db: Db): Domain<'media'> {
  const s = statements(db, {
    get: 'SELECT status, sha256, mime, size, filename, detail FROM message_media WHERE account_id = ? AND msg_wa_id = ?',
    put: `INSERT OR REPLACE INTO message_media (account_id, msg_wa_id, status, sha256, mime, size, filename, detail, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    file: `INSERT INTO media_files (sha256, size, mime, stored_at) VALUES (?, ?, ?, ?)
      ON CONFLICT DO UPDATE SET mime = max(coalesce(mime, excluded.mime), coalesce(excluded.mime, mime)),
        stored_at = min(stored_at, excluded.stored_at)`,
  });
  return {
    media(ctx, op) {
      const prev = s.get.get(op.accountId, op.messageId) as
        | { status: string; sha256: string | null; mime: string | null; size: number | null; filename: unknown; detail: string | null }
        | undefined;
      const rank = (status: string) => MEDIA_RANK.get(status) ?? 0;
      const maxOf = <T extends string | number>(a: T | null | undefined, b: T | null): T | null =>
        a === null || a === undefined ? b : b === null ? a : a > b ? a : b;
      const statusWins = !prev || rank(op.status) > rank(prev.status) ||
        (rank(op.status) === rank(prev.status) && (op.detail ?? '') > (prev.detail ?? ''));
      const filename = maxOf(fromDb(prev?.filename), op.filename);
      s.put.run(op.accountId, op.messageId,
        statusWins ? op.status : prev.status,
        maxOf(prev?.sha256, op.sha256), maxOf(prev?.mime, op.mime), maxOf(prev?.size, op.size), toDb(filename),
        statusWins ? op.detail : prev.detail, ctx.now);
      if (op.status === 'stored' && op.sha256 && op.size !== null) s.file.run(op.sha256, op.size, op.mime, ctx.now);
      if (filename !== fromDb(prev?.filename)) ctx.reindex(op.accountId, op.messageId);
    },
  };
}
