import { openMedia } from '../../core/archive/media-store';
import type { MessageView } from '../../shared/archive-views';
import { mediaHeaders } from '../../shared/media-url';
import { MEDIA_PATH } from '../../core/team/wire';
import { ExportQuery, SearchQuery, type TeamAccountView, ThreadQuery } from '../../shared/team-console-api';
import { asViewer } from '../pg/access';
import { inTransaction, type Pool } from '../pg/db';
import { pgThreadSlice } from '../pg/read/messages';
import { pgSearch } from '../pg/read/search';
import { fromPg } from '../pg/text';
import { appendServerAudit } from '../team/server-audit';
import type { Session } from '../team/sessions';
import { HttpError, queryOf, Reply, StreamReply } from './request';
import type { SessionOf } from './routes-people';
import type { Route } from './routes';

/**
 * What people read: every query runs through asViewer, so row-level security in PostgreSQL
 * decides what the signed-in user sees (src/server/pg/access.ts). A chat the user may not see
 * is answered exactly like a chat that does not exist. Opening or exporting a chat of an
 * account the user's own PCs did not link (a lead reviewing a rep) is written to the audit.
 */

const EXPORT_PAGE = 500;

/** Team accounts the user's own PCs linked. */
async function ownAccounts(pool: Pool, userId: string): Promise<Set<string>> {
  const rows = (await pool.query<{ id: string }>(`SELECT DISTINCT da.team_account_id AS id FROM device_accounts da
    JOIN devices d ON d.id = da.device_id WHERE d.user_id = $1 AND da.team_account_id IS NOT NULL`, [userId])).rows;
  return new Set(rows.map((r) => r.id));
}

async function auditIfNotOwn(pool: Pool, s: Session, action: 'chat.open' | 'chat.export', accountId: string, chatId: string): Promise<void> {
  if ((await ownAccounts(pool, s.user.id)).has(accountId)) return;
  await inTransaction(pool, (sql) => appendServerAudit(sql, { at: Date.now(), actor: s.user.id, action, target: `${accountId}/${chatId}`, detail: { accountId, chatId } }));
}

const notFound = () => new HttpError(404, 'NOT_FOUND', 'No such chat, or it is not yours to see.');

export function readRoutes(pool: Pool, session: SessionOf, mediaDir: string | null): Route[] {
  return [
    // A file by its hash, only to someone who may see a message that carries it.
    ['GET', MEDIA_PATH, async (req) => {
      const s = await session(req);
      const sha256 = req.params[0]!;
      const row = (await asViewer(pool, s.user.id, (sql) => sql<{ mime: string | null }>(
        'SELECT mime FROM message_media WHERE sha256 = $1 LIMIT 1', [sha256])))[0];
      const file = row && mediaDir ? openMedia(mediaDir, sha256) : null;
      if (!row || !file) throw new HttpError(404, 'NOT_FOUND', 'No such file, or it is not yours to see.');
      return new StreamReply(mediaHeaders(row.mime, file.size), file.stream);
    }],
    ['GET', '/accounts', async (req) => {
      const s = await session(req);
      const accounts = await asViewer(pool, s.user.id, (sql) => sql<{ id: string; label: unknown; phone: string | null }>(
        'SELECT id, label, phone FROM accounts ORDER BY label, id'));
      const users = (await pool.query<{ account: string; id: string; name: string }>(`SELECT DISTINCT da.team_account_id AS account, u.id, u.name
        FROM device_accounts da JOIN devices d ON d.id = da.device_id JOIN users u ON u.id = d.user_id
        WHERE da.team_account_id = ANY($1::text[]) ORDER BY u.name`, [accounts.map((a) => a.id)])).rows;
      return accounts.map((a): TeamAccountView => ({ id: a.id, label: fromPg(a.label) ?? a.id, phone: a.phone,
        users: users.filter((u) => u.account === a.id).map((u) => ({ id: u.id, name: u.name })) }));
    }],
    ['GET', '/thread', async (req) => {
      const s = await session(req);
      const q = queryOf(req, ThreadQuery);
      const slice = await asViewer(pool, s.user.id, async (sql) => {
        const visible = await sql('SELECT 1 FROM chats WHERE account_id = $1 AND wa_id = $2', [q.accountId, q.chatId]);
        return visible.length ? pgThreadSlice(sql, q) : null;
      });
      if (!slice) throw notFound();
      // paging further into a chat already opened is not a new opening
      if (q.offset === undefined) await auditIfNotOwn(pool, s, 'chat.open', q.accountId, q.chatId);
      return slice;
    }],
    ['GET', '/search', async (req) => {
      const s = await session(req);
      const q = queryOf(req, SearchQuery);
      let accountIds = q.accounts;
      if (q.users) {
        const of = (await pool.query<{ id: string }>(`SELECT DISTINCT da.team_account_id AS id FROM device_accounts da
          JOIN devices d ON d.id = da.device_id WHERE d.user_id = ANY($1::text[]) AND da.team_account_id IS NOT NULL`, [q.users])).rows.map((r) => r.id);
        accountIds = accountIds ? accountIds.filter((a) => of.includes(a)) : of;
        if (accountIds.length === 0) return { hits: [], next: null };
      }
      return asViewer(pool, s.user.id, (sql) => pgSearch(sql, {
        query: q.q, accountIds, chatIds: q.chats, kinds: q.kinds, from: q.from, to: q.to, before: q.before, limit: q.limit }));
    }],
    ['GET', '/export', async (req) => {
      const s = await session(req);
      const q = queryOf(req, ExportQuery);
      const out = await asViewer(pool, s.user.id, async (sql) => {
        const chat = (await sql<{ name: unknown; kind: string }>('SELECT name, kind FROM chats WHERE account_id = $1 AND wa_id = $2', [q.accountId, q.chatId]))[0];
        if (!chat) return null;
        const messages: MessageView[] = [];
        for (let offset = 0; ; offset += EXPORT_PAGE) {
          const page = await pgThreadSlice(sql, { ...q, offset, limit: EXPORT_PAGE });
          messages.push(...page.messages);
          if (offset + EXPORT_PAGE >= page.total) break;
        }
        return { accountId: q.accountId, chatId: q.chatId, name: fromPg(chat.name), kind: chat.kind, exportedAt: Date.now(), messages };
      });
      if (!out) throw notFound();
      await auditIfNotOwn(pool, s, 'chat.export', q.accountId, q.chatId);
      const file = `${q.chatId.replace(/[^A-Za-z0-9._-]/g, '_')}.json`;
      return new Reply(out, { 'content-disposition': `attachment; filename="${file}"` });
    }],
  ];
}
