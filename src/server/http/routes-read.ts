import { openMedia } from '../../core/archive/media-store';
import type { MessageView } from '../../shared/archive-views';
import { mediaHeaders } from '../../shared/media-url';
import { MEDIA_PATH } from '../../core/team/wire';
import { ExportQuery } from '../../shared/team-console-api';
import { asViewer } from '../pg/access';
import type { Pool } from '../pg/db';
import { pgThreadSlice } from '../pg/read/messages';
import { fromPg } from '../pg/text';
import { auditChatRead } from '../team/chat-audit';
import { HttpError, queryOf, Reply, StreamReply } from './request';
import type { SessionOf } from './routes-people';
import type { Route } from './routes';

/**
 * Downloads for people (a chat's export, a media file): every query runs through asViewer,
 * so row-level security in PostgreSQL decides what the signed-in user gets
 * (src/server/pg/access.ts). What they may not see answers exactly like what does not exist.
 * The console's other reads are contract channels (routes-call.ts, console/team-host.ts).
 */

const EXPORT_PAGE = 500;

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
      await auditChatRead(pool, s.user.id, 'chat.export', q.accountId, q.chatId);
      const file = `${q.chatId.replace(/[^A-Za-z0-9._-]/g, '_')}.json`;
      return new Reply(out, { 'content-disposition': `attachment; filename="${file}"` });
    }],
  ];
}
