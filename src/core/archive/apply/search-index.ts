import { ftsRowid, ftsText, metaText } from '../fts-index';
import type { Db } from '../open';
import { fromDb } from '../text-codec';
import { statements } from './context';

/** A message's full-text row: its text with revisions, filename and translations, and its meta tokens. */
export function searchIndex(db: Db) {
  const s = statements(db, {
    msg: 'SELECT id, chat_id, sort_key, sender_wa_id, body, caption FROM messages WHERE account_id = ? AND wa_id = ?',
    del: 'DELETE FROM message_fts WHERE rowid = ?',
    put: 'INSERT INTO message_fts (rowid, text, meta) VALUES (?, ?, ?)',
    // Everything besides body and caption that is searchable, in one statement: it runs for every message.
    sources: `SELECT * FROM (SELECT 'r' AS k, body AS v FROM revisions WHERE account_id = ? AND msg_wa_id = ? ORDER BY edited_at)
      UNION ALL SELECT 'f', filename FROM message_media WHERE account_id = ? AND msg_wa_id = ? AND filename IS NOT NULL
      UNION ALL SELECT * FROM (SELECT 't', text FROM message_translations WHERE account_id = ? AND msg_wa_id = ? ORDER BY lang)`,
  });

  function write(accountId: string, waId: string, sortKey: number, chatRowId: number, senderId: string | null,
    body: string | null, caption: string | null): void {
    const revisions: string[] = [];
    const translations: string[] = [];
    let filename: string | null = null;
    for (const r of s.sources.all(accountId, waId, accountId, waId, accountId, waId) as { k: 'r' | 'f' | 't'; v: unknown }[]) {
      const v = fromDb(r.v) ?? '';
      if (r.k === 'r') revisions.push(v);
      else if (r.k === 't') translations.push(v);
      else filename = v;
    }
    s.put.run(ftsRowid(sortKey), ftsText({ body, caption, filename, revisions, translations }), metaText(accountId, chatRowId, senderId));
  }

  function reindex(accountId: string, waId: string): void {
    const row = s.msg.get(accountId, waId) as
      { id: number; chat_id: number; sort_key: number; sender_wa_id: string | null; body: unknown; caption: unknown } | undefined;
    if (!row) return;
    s.del.run(ftsRowid(row.sort_key));
    write(accountId, waId, row.sort_key, row.chat_id, row.sender_wa_id, fromDb(row.body), fromDb(row.caption));
  }

  return { write, reindex };
}
export type SearchIndex = ReturnType<typeof searchIndex>;
