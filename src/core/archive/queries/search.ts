import { chatToken, ftsRowid, idToken, sortKeyOfFtsRowid } from '../fts-index';
import type { SearchHit, SearchResult } from '../../../shared/archive-views';
export type { SearchHit, SearchResult } from '../../../shared/archive-views';
import type { ChatKind } from '../operations';
import type { Db } from '../open';
import { buildMatchQuery, highlight } from '../search-text';
import { MESSAGE_COLUMNS, type MessageRow, contactNames, hydrate } from './messages';
import { fromDb } from '../text-codec';
import { stmt } from './statements';
import { sortKeyRange } from '../../../shared/vocabulary';

export interface SearchArgs {
  query: string;
  accountIds?: string[];
  /** A chat filter names its account too: chat ids are per account. */
  chat?: { accountId: string; chatId: string };
  senderId?: string;
  kinds?: ChatKind[];
  /** Inclusive time range, Unix ms. */
  from?: number;
  to?: number;
  /** Cursor: the sortKey of the last hit of the previous page. */
  before?: number;
  limit?: number;
}


const quote = (t: string) => `"${t}"`;

/** Translations of a page of hits, so a hit found through its translation can show it. */
function translationsOf(db: Db, rows: ReadonlyArray<{ id: number }>): Map<number, string[]> {
  const out = new Map<number, string[]>();
  if (rows.length === 0) return out;
  for (const t of stmt(db, `SELECT m.id, t.text FROM json_each(?) k JOIN messages m ON m.id = k.value
      JOIN message_translations t ON t.account_id = m.account_id AND t.msg_wa_id = m.wa_id ORDER BY t.lang`)
    .all(JSON.stringify(rows.map((r) => r.id))) as { id: number; text: unknown }[]) {
    out.set(t.id, [...(out.get(t.id) ?? []), fromDb(t.text) ?? '']);
  }
  return out;
}

/** Loads the messages behind a page of FTS rowids (= sort keys) through the unique sort_key index. */
export const SEARCH_ROWS_SQL = `SELECT ${MESSAGE_COLUMNS}, c.kind AS chat_kind, c.name AS chat_name, a.label AS account_label
    FROM json_each(?) k JOIN messages m ON m.sort_key = k.value JOIN chats c ON c.id = m.chat_id
    JOIN accounts a ON a.id = m.account_id`;

/** Newest matches first. Filters on account, chat and sender run inside FTS5 (meta column). */
export function search(db: Db, args: SearchArgs): SearchResult {
  const limit = Math.min(Math.max(args.limit ?? 50, 1), 500);
  const match = buildMatchQuery(args.query);
  if (match === null) return { hits: [], next: null };
  const terms = [`text : (${match})`];
  if (args.accountIds?.length) terms.push(`meta : (${args.accountIds.map((a) => quote(idToken('a', a))).join(' OR ')})`);
  if (args.chat) {
    const chat = stmt(db, 'SELECT id FROM chats WHERE account_id = ? AND wa_id = ?').get(args.chat.accountId, args.chat.chatId) as { id: number } | undefined;
    if (!chat) return { hits: [], next: null };
    terms.push(`meta : ${quote(chatToken(chat.id))}`);
  }
  if (args.senderId) terms.push(`meta : ${quote(idToken('s', args.senderId))}`);
  const expr = terms.join(' AND ');
  const range = sortKeyRange(args.from, args.to);
  let hi = Math.min(args.before !== undefined ? args.before - 1 : Number.MAX_SAFE_INTEGER, range.hi);
  const lo = range.lo;
  const kinds = args.kinds?.length ? new Set<string>(args.kinds) : null;
  // rowids are negated sort keys (fts-index.ts): ascending rowid = newest first
  const ftsPage = stmt(db, `SELECT rowid FROM message_fts WHERE message_fts MATCH ? AND rowid BETWEEN ? AND ?
    ORDER BY rowid ASC LIMIT ?`);
  const rowsFor = stmt(db, SEARCH_ROWS_SQL);
  const hits: Array<MessageRow & { chat_kind: ChatKind; chat_name: string | null; account_label: string }> = [];
  let exhausted = false;
  // Kind is a post-filter (a chat's kind can be learned late); fetch in chunks until the page is full.
  const chunk = kinds ? limit * 4 : limit + 1;
  while (hits.length <= limit && !exhausted && hi >= lo) {
    const keys = (ftsPage.all(expr, ftsRowid(hi), ftsRowid(lo), chunk) as { rowid: number }[]).map((r) => sortKeyOfFtsRowid(r.rowid));
    if (keys.length < chunk) exhausted = true;
    if (keys.length === 0) break;
    hi = keys[keys.length - 1]! - 1;
    const rows = rowsFor.all(JSON.stringify(keys)) as typeof hits;
    rows.sort((a, b) => b.sort_key - a.sort_key);
    for (const r of rows) if (!kinds || kinds.has(r.chat_kind)) hits.push(r);
  }
  const page = hits.slice(0, limit);
  const views = hydrate(db, page);
  const translations = translationsOf(db, page);
  return {
    hits: page.map((r, i) => {
      const view = views[i]!;
      const own = [view.text, view.body, view.caption, view.media?.filename ?? null].filter((t): t is string => !!t);
      const translated = translations.get(r.id) ?? [];
      let best: Omit<SearchHit, 'message' | 'chatName' | 'chatKind' | 'accountLabel'> =
        { snippet: own[0] ?? translated[0] ?? '', ranges: [], via: 'message' };
      for (const [via, texts] of [['message', own], ['translation', translated]] as const) {
        const match = texts.map((t) => highlight(t, args.query)).find((h) => h.ranges.length > 0);
        if (match) {
          best = { ...match, via };
          break;
        }
      }
      const chatName = r.chat_name ?? contactNames(db, r.account_id, [view.chatId]).get(view.chatId) ?? null;
      return { message: view, chatName, chatKind: r.chat_kind, accountLabel: r.account_label, ...best };
    }),
    next: hits.length > limit || !exhausted ? (page.length ? page[page.length - 1]!.sort_key : null) : null,
  };
}
