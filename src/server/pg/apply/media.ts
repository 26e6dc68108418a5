import { MEDIA_STATUSES } from '../../../core/archive/operations';
import type { PgDomain } from './context';

const MEDIA_RANK = new Map<string, number>(MEDIA_STATUSES.map((s, i) => [s, i]));
const rank = (status: string) => MEDIA_RANK.get(status) ?? 0;
const maxOf = <T extends string | number>(a: T | null | undefined, b: T | null): T | null =>
  a === null || a === undefined ? b : b === null ? a : a > b ? a : b;

interface MediaRow { status: string; sha256: string | null; mime: string | null; size: number | null; filename: string | null; detail: string | null }

/**
 * Media state is a join of everything reported: the highest-ranked status (with its detail)
 * and, per descriptive field, the greatest value seen — the local archive's rule, computed
 * the same way (in JS) so both engines break ties identically.
 */
export const mediaOps: PgDomain<'media'> = {
  async media(ctx, op) {
    const prev = (await ctx.sql<MediaRow>(
      'SELECT status, sha256, mime, size, filename, detail FROM message_media WHERE account_id = $1 AND msg_wa_id = $2 FOR UPDATE',
      [op.accountId, op.messageId]))[0];
    const statusWins = !prev || rank(op.status) > rank(prev.status) ||
      (rank(op.status) === rank(prev.status) && (op.detail ?? '') > (prev.detail ?? ''));
    const filename = maxOf(prev?.filename, op.filename);
    await ctx.sql(`INSERT INTO message_media (account_id, msg_wa_id, status, sha256, mime, size, filename, detail, updated_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
      ON CONFLICT (account_id, msg_wa_id) DO UPDATE SET status = excluded.status, sha256 = excluded.sha256, mime = excluded.mime,
        size = excluded.size, filename = excluded.filename, detail = excluded.detail, updated_at = excluded.updated_at`,
    [op.accountId, op.messageId, statusWins ? op.status : prev.status, maxOf(prev?.sha256, op.sha256), maxOf(prev?.mime, op.mime),
      maxOf(prev?.size, op.size), filename, statusWins ? op.detail : prev.detail, ctx.now]);
    if (op.status === 'stored' && op.sha256 && op.size !== null) {
      await ctx.sql(`INSERT INTO media_files AS f (sha256, size, mime, stored_at) VALUES ($1, $2, $3, $4)
        ON CONFLICT (sha256) DO UPDATE SET mime = GREATEST(coalesce(f.mime, excluded.mime), coalesce(excluded.mime, f.mime)),
          stored_at = LEAST(f.stored_at, excluded.stored_at)`, [op.sha256, op.size, op.mime, ctx.now]);
    }
    if (filename !== (prev?.filename ?? null)) await ctx.reindex(op.accountId, op.messageId);
  },
};
