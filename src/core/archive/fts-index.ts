import { createHash } from 'node:crypto';
import { indexText } from './search-text';

/**
 * Filter tokens live in the FTS "meta" column so that account, chat and sender filters are
 * posting-list intersections inside FTS5 rather than post-filters over many matches.
 * User queries are confined to the "text" column, so they can never reach these tokens.
 */
const tokenCache = new Map<string, string>();
const TOKEN_CACHE_MAX = 50_000;

export function idToken(prefix: 'a' | 's', waOrAccountId: string): string {
  const key = `${prefix}${waOrAccountId}`;
  let token = tokenCache.get(key);
  if (token === undefined) {
    token = `${prefix}_${createHash('sha1').update(waOrAccountId).digest('hex').slice(0, 16)}`;
    // senders repeat message after message; a bounded cache keeps hashing off the hot path
    if (tokenCache.size >= TOKEN_CACHE_MAX) tokenCache.clear();
    tokenCache.set(key, token);
  }
  return token;
}

/**
 * The FTS rowid of a message: its sort key, negated. FTS5 walks doclists in ascending
 * rowid order cheaply and must buffer a whole doclist to walk it backwards, so storing
 * "newest first" as ascending order lets `LIMIT 50` stop after fifty matches.
 */
export const ftsRowid = (sortKey: number): number => -sortKey;
export const sortKeyOfFtsRowid = (rowid: number): number => -rowid;

export function chatToken(chatRowId: number): string {
  return `c_${chatRowId}`;
}

export function metaText(accountId: string, chatRowId: number, senderId: string | null): string {
  const parts = [idToken('a', accountId), chatToken(chatRowId)];
  if (senderId) parts.push(idToken('s', senderId));
  return parts.join(' ');
}

export interface FtsSource {
  body: string | null;
  caption: string | null;
  filename: string | null;
  revisions: string[];
  /** Translations of the message (issue 7): a search in one language finds messages written in another. */
  translations?: string[];
}

export function ftsText(src: FtsSource): string {
  const parts: string[] = [];
  if (src.body) parts.push(src.body);
  if (src.caption) parts.push(src.caption);
  if (src.filename) parts.push(src.filename);
  for (const r of src.revisions) parts.push(r);
  for (const t of src.translations ?? []) parts.push(t);
  return indexText(parts);
}
