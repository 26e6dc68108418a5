import type { SearchHit, SearchResult } from '../../../shared/archive-views';
import { sortKeyRange } from '../../../shared/vocabulary';
import { ftsText } from '../../../core/archive/fts-index';
import type { ChatKind } from '../../../core/archive/operations';
import { digitAlternatives, parseQuery, type SearchTerm } from '../../../core/archive/search-query';
import { fold, highlight } from '../../../core/archive/search-text';
import { cjkBigrams } from '../../../core/archive/search-tokenize';
import type { Sql } from '../db';
import { quoteLexeme } from '../search-vector';
import { fromPg } from '../text';
import { MESSAGE_COLUMNS, type MessageRow } from '../../../core/archive/queries/messages';
import { pgHydrate } from './messages';

/**
 * Search over the team archive with the desktop's rules: the query is split by the same
 * parser (search-query.ts) and every term becomes tokens exactly as messages were indexed
 * (search-vector.ts): words are token prefixes, Chinese runs are phrases of bigrams, numbers
 * match as phone tokens. Newest first, snippets highlighted as on the desktop.
 */

/** The index's tokens for a piece of typed text (the same pipeline as the stored tsvector). */
const tokens = (s: string): string[] => ftsText({ body: s, caption: null, filename: null, revisions: [], translations: [] })
  .split(' ').map(fold).filter((t) => t !== '');

/**
 * A typed prefix as the words it stands for, from the index's vocabulary (search_words,
 * migration 4): PostgreSQL's own prefix match gathers every row of every such word before
 * intersecting, where the words themselves let GIN skip through the rarer list. Only words
 * starting with a-z are in the vocabulary, and a prefix with more than MAX_WORDS of them
 * keeps PostgreSQL's match.
 */
const IN_VOCABULARY = /^[a-z]/;
const MAX_WORDS = 64;
type Words = ReadonlyMap<string, readonly string[]>;

function prefixQuery(token: string, words: Words): string {
  const known = IN_VOCABULARY.test(token) ? words.get(token) : undefined;
  if (!known || known.length > MAX_WORDS) return `${quoteLexeme(token)}:*`;
  // none: the word as typed, which the index then cannot hold either, matches nothing
  if (known.length === 0) return quoteLexeme(token);
  return known.length === 1 ? quoteLexeme(known[0]!) : `(${known.map(quoteLexeme).join(' | ')})`;
}

const phrase = (ts: string[], prefixLast: boolean, words: Words) =>
  ts.map((t, i) => (prefixLast && i === ts.length - 1 ? prefixQuery(t, words) : quoteLexeme(t))).join(' <-> ');

/** One typed term as a tsquery over the index's tokens, its prefix as the words given for it. */
function termQuery(t: SearchTerm, words: Words): string | null {
  switch (t.kind) {
    case 'word': {
      const ts = tokens(t.text);
      return ts.length ? `(${phrase(ts, true, words)})` : null;
    }
    case 'cjk': {
      const bigrams = cjkBigrams(t.text);
      return bigrams.length === 0 ? `${quoteLexeme(fold(t.text))}:*` : `(${phrase(bigrams.map(fold), false, words)})`;
    }
    case 'digits': {
      const alts = digitAlternatives(t.groups).map((d) => `${quoteLexeme(d)}:*`);
      if (t.groups.length > 1) alts.push(`(${phrase([...t.groups], (t.groups[t.groups.length - 1] ?? '').length >= 3, words)})`);
      return `(${alts.join(' | ')})`;
    }
  }
}

/** The word prefixes of what the user typed that the vocabulary can stand in for. */
function vocabularyPrefixes(terms: readonly SearchTerm[]): string[] {
  return [...new Set(terms.flatMap((t) => (t.kind === 'word' ? tokens(t.text).slice(-1) : [])).filter((p) => IN_VOCABULARY.test(p)))];
}

/** A tsquery for the parsed terms (prefixes as the words given for them), or null when nothing in them is searchable. */
function teamSearchQuery(terms: readonly SearchTerm[], words: Words): string | null {
  const parts = terms.map((t) => termQuery(t, words)).filter((q): q is string => q !== null);
  return parts.length ? parts.join(' & ') : null;
}

export interface TeamSearchArgs {
  query: string;
  accountIds?: string[];
  /** Only these chats (WhatsApp ids), in whichever of the accounts they are. */
  chatIds?: string[];
  kinds?: ChatKind[];
  from?: number;
  to?: number;
  before?: number;
  limit?: number;
}

/** How search picks its plan (see pgSearch): the newest messages looked at first, and the matches gathered and sorted at most. */
const RECENT = 3000;
const COLLECT = 3000;
/** Matches in the window from which walking back in time is short (about RECENT × limit / DENSE rows). */
const DENSE = 5;

export async function pgSearch(sql: Sql, args: TeamSearchArgs): Promise<SearchResult> {
  const limit = Math.min(Math.max(args.limit ?? 50, 1), 500);
  const terms = parseQuery(args.query);
  const prefixes = vocabularyPrefixes(terms);
  const words = new Map(prefixes.length ? (await sql<{ prefix: string; words: string[] }>('SELECT prefix, words FROM sb_search_words($1::text[], $2)',
    [prefixes, MAX_WORDS])).map((r) => [r.prefix, r.words]) : []);
  const q = teamSearchQuery(terms, words);
  if (q === null) return { hits: [], next: null };
  const range = sortKeyRange(args.from, args.to);
  const hi = Math.min(args.before !== undefined ? args.before - 1 : Number.MAX_SAFE_INTEGER, range.hi);
  type Key = { message_id: number; sort_key: number };
  const filters = [args.accountIds?.length ? args.accountIds : null, args.kinds?.length ? args.kinds : null, args.chatIds?.length ? args.chatIds : null];
  const keys = (how: 'recent' | 'collect' | 'newest', lo: number, top: number, n: number) => sql<Key>(
    'SELECT message_id, sort_key FROM sb_search_keys($1, $2::tsquery, $3, $4, $5, $6, $7, $8, $9)', [how, q, lo, top, ...filters, n, RECENT]);
  // Newest first, in time bounded by the matches (the plans: sb_search_keys, schema.ts).
  // Left to the planner, a rare word's estimate chose the plan, and a wrong guess walked all of
  // a big archive. Here: a word common lately fills a page from the newest RECENT messages; a
  // rare one has at most COLLECT matches, gathered through the GIN index and sorted here; a
  // word with more, but not lately, is dense enough that walking back in time is short.
  const tie = (key: number) => keys('collect', key, key, 1_000_000);
  let found = await keys('recent', range.lo, hi, limit + 1);
  // Not a page lately: how many the window did find says how dense the word is. A few (the
  // page is a short walk back), or next to none (gathered through the index, unless there
  // are many after all, in older messages).
  if (found.length <= limit && found.length >= DENSE) found = await keys('newest', range.lo, hi, limit + 1);
  else if (found.length <= limit) {
    const collected = await keys('collect', range.lo, hi, COLLECT + 1);
    found = collected.length <= COLLECT
      ? collected.sort((a, b) => b.sort_key - a.sort_key || b.message_id - a.message_id).slice(0, limit + 1)
      : await keys('newest', range.lo, hi, limit + 1);
  }
  const { page: pageKeys, next } = await pageAtKeyBoundary(found, limit, tie);
  type Row = MessageRow & { chat_kind: ChatKind; chat_name: unknown; account_label: unknown };
  const byId = new Map((pageKeys.length ? await sql<Row>(`SELECT ${MESSAGE_COLUMNS}, c.kind AS chat_kind, c.name AS chat_name, a.label AS account_label
      FROM messages m JOIN chats c ON c.id = m.chat_id JOIN accounts a ON a.id = m.account_id WHERE m.id = ANY($1::bigint[])`,
  [pageKeys.map((k) => k.message_id)]) : []).map((r) => [r.id, r]));
  const page = pageKeys.map((k) => byId.get(k.message_id)).filter((r): r is Row => r !== undefined);
  const views = await pgHydrate(sql, page);
  // the page's stored translations, and names for chats without one of their own (their
  // contact's), in one round trip
  const translations = new Map<number, string[]>();
  const contactNames = new Map<string, string>();
  const unnamed = page.filter((r) => fromPg(r.chat_name) === null);
  if (page.length) {
    for (const x of await sql<{ kind: 't' | 'c'; id: number | null; account_id: string | null; wa_id: string | null; v: unknown }>(`
        SELECT 't' AS kind, m.id, NULL::text AS account_id, NULL::text AS wa_id, t.text AS v, t.lang AS o FROM messages m
          JOIN message_translations t ON t.account_id = m.account_id AND t.msg_wa_id = m.wa_id WHERE m.id = ANY($1::bigint[])
        UNION ALL SELECT 'c', NULL, account_id, wa_id, coalesce(saved_name, push_name, phone), NULL FROM contacts
          WHERE (account_id, wa_id) IN (SELECT * FROM unnest($2::text[], $3::text[]))
        ORDER BY kind, o`, [page.map((r) => r.id), unnamed.map((r) => r.account_id), unnamed.map((r) => r.chat_wa_id)])) {
      const v = fromPg(x.v);
      if (x.kind === 't' && x.id !== null) translations.set(x.id, [...(translations.get(x.id) ?? []), v ?? '']);
      else if (x.kind === 'c' && v) contactNames.set(`${x.account_id}\u0000${x.wa_id}`, v);
    }
  }
  const hits: SearchHit[] = [];
  for (const [i, r] of page.entries()) {
    const view = views[i]!;
    const own = [view.text, view.body, view.caption, view.media?.filename ?? null].filter((t): t is string => !!t);
    const translated = translations.get(r.id) ?? [];
    let best: Pick<SearchHit, 'snippet' | 'ranges' | 'via'> = { snippet: own[0] ?? translated[0] ?? '', ranges: [], via: 'message' };
    for (const [via, texts] of [['message', own], ['translation', translated]] as const) {
      const match = texts.map((t) => highlight(t, args.query)).find((h) => h.ranges.length > 0);
      if (match) {
        best = { ...match, via };
        break;
      }
    }
    const chatName = fromPg(r.chat_name) ?? contactNames.get(`${r.account_id}\u0000${view.chatId}`) ?? null;
    hits.push({ message: view, chatName, chatKind: r.chat_kind, accountLabel: fromPg(r.account_label) ?? '', ...best });
  }
  return { hits, next };
}

/**
 * The page to show and the `before` for the next one. Sort keys are unique per account, so
 * messages of two accounts (a group both are in) may share one; the cursor is a sort key,
 * so a page never ends inside such a tie: the tied rows move to the next page whole (or,
 * when a whole page is one tie, the page takes all of it).
 */
async function pageAtKeyBoundary<R extends { sort_key: number }>(rows: R[], limit: number, tie: (key: number) => Promise<R[]>):
  Promise<{ page: R[]; next: number | null }> {
  const beyond = rows[limit];
  if (!beyond) return { page: rows, next: null };
  let page = rows.slice(0, limit);
  if (page[page.length - 1]!.sort_key !== beyond.sort_key) return { page, next: page[page.length - 1]!.sort_key };
  page = page.filter((r) => r.sort_key !== beyond.sort_key);
  if (page.length) return { page, next: beyond.sort_key + 1 };
  return { page: await tie(beyond.sort_key), next: beyond.sort_key };
}
