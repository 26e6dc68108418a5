import type { Db } from '../open';
import type { MediaView, MessageDetail, MessageView, ThreadPage } from '../../../shared/archive-views';
export type { MediaView, MessageDetail, MessageView, ThreadPage } from '../../../shared/archive-views';
import { fromDb } from '../text-codec';
import { stmt } from './statements';

interface Row {
  id: number;
  account_id: string;
  wa_id: string;
  chat_wa_id: string;
  sort_key: number;
  sender_wa_id: string | null;
  from_me: number;
  type: string;
  subtype: string | null;
  body: string | null;
  caption: string | null;
  ts: number;
  ack: number;
  forwarded: number;
  quoted_wa_id: string | null;
  location: string | null;
  vcards: string | null;
  links: string | null;
  has_media: number;
}

const COLUMNS = `m.id, m.account_id, m.wa_id, c.wa_id AS chat_wa_id, m.sort_key, m.sender_wa_id, m.from_me, m.type, m.subtype,
  m.body, m.caption, m.ts, m.ack, m.forwarded, m.quoted_wa_id, m.location, m.vcards, m.links, m.has_media`;

const parseList = (s: string | null): string[] => (s ? (JSON.parse(s) as string[]) : []);

/** Adds revisions, revokes, reactions, media, quotes and names to a page of rows in a few set queries. */
export function hydrate(db: Db, rows: Row[]): MessageView[] {
  if (rows.length === 0) return [];
  const accountId = rows[0]!.account_id;
  const sameAccount = rows.every((r) => r.account_id === accountId);
  if (!sameAccount) {
    // search results span accounts: hydrate per account, keep order
    const byAccount = new Map<string, Row[]>();
    for (const r of rows) byAccount.set(r.account_id, [...(byAccount.get(r.account_id) ?? []), r]);
    const views = new Map<number, MessageView>();
    for (const group of byAccount.values()) for (const v of hydrate(db, group)) views.set(v.rowId, v);
    return rows.map((r) => views.get(r.id)!);
  }
  const ids = JSON.stringify(rows.map((r) => r.wa_id));
  const latest = new Map<string, { body: string; n: number }>();
  for (const r of stmt(db, `SELECT msg_wa_id, body, edited_at FROM revisions
      WHERE account_id = ? AND msg_wa_id IN (SELECT value FROM json_each(?)) ORDER BY edited_at`).all(accountId, ids) as
      { msg_wa_id: string; body: string }[]) {
    latest.set(r.msg_wa_id, { body: fromDb(r.body) ?? '', n: (latest.get(r.msg_wa_id)?.n ?? 0) + 1 });
  }
  const revoked = new Map<string, 'everyone' | 'me'>();
  for (const r of stmt(db, `SELECT msg_wa_id, scope FROM revocations
      WHERE account_id = ? AND msg_wa_id IN (SELECT value FROM json_each(?))`).all(accountId, ids) as
      { msg_wa_id: string; scope: 'everyone' | 'me' }[]) {
    if (revoked.get(r.msg_wa_id) !== 'everyone') revoked.set(r.msg_wa_id, r.scope);
  }
  const reactions = new Map<string, Map<string, string[]>>();
  for (const r of stmt(db, `SELECT msg_wa_id, emoji, sender_wa_id FROM reactions
      WHERE account_id = ? AND msg_wa_id IN (SELECT value FROM json_each(?)) AND emoji != '' ORDER BY at`).all(accountId, ids) as
      { msg_wa_id: string; emoji: string; sender_wa_id: string }[]) {
    const per = reactions.get(r.msg_wa_id) ?? new Map<string, string[]>();
    per.set(r.emoji, [...(per.get(r.emoji) ?? []), r.sender_wa_id]);
    reactions.set(r.msg_wa_id, per);
  }
  const media = new Map<string, MediaView>();
  for (const r of stmt(db, `SELECT msg_wa_id, status, sha256, mime, size, filename FROM message_media
      WHERE account_id = ? AND msg_wa_id IN (SELECT value FROM json_each(?))`).all(accountId, ids) as
      (MediaView & { msg_wa_id: string })[]) {
    const { msg_wa_id, ...view } = r;
    media.set(msg_wa_id, { ...view, filename: fromDb(view.filename) });
  }
  const quotedIds = [...new Set(rows.map((r) => r.quoted_wa_id).filter((q): q is string => !!q))];
  const quoted = new Map<string, { rowId: number; text: string | null; sender: string | null }>();
  if (quotedIds.length > 0) {
    for (const q of stmt(db, `SELECT m.id, m.wa_id, m.sender_wa_id,
        coalesce((SELECT body FROM revisions r WHERE r.account_id = m.account_id AND r.msg_wa_id = m.wa_id ORDER BY edited_at DESC LIMIT 1), m.body, m.caption) AS text
        FROM messages m WHERE m.account_id = ? AND m.wa_id IN (SELECT value FROM json_each(?))`).all(accountId, JSON.stringify(quotedIds)) as
        { id: number; wa_id: string; sender_wa_id: string | null; text: string | null }[]) {
      quoted.set(q.wa_id, { rowId: q.id, text: fromDb(q.text), sender: q.sender_wa_id });
    }
  }
  const senders = [...new Set([
    ...rows.map((r) => r.sender_wa_id),
    ...[...quoted.values()].map((q) => q.sender),
  ].filter((s): s is string => !!s))];
  const names = contactNames(db, accountId, senders);
  return messageViews(rows.map((r) => ({ ...r, body: fromDb(r.body), caption: fromDb(r.caption) })),
    { latest: new Map([...latest].map(([k, v]) => [k, v.body])), revoked, reactions, media, quoted, names });
}

/** What a page of messages needs besides its rows, gathered by either engine (SQLite here, PostgreSQL in src/server/pg/read). */
export interface MessageParts {
  /** The latest revision's text per message id. */
  latest: ReadonlyMap<string, string>;
  revoked: ReadonlyMap<string, 'everyone' | 'me'>;
  reactions: ReadonlyMap<string, ReadonlyMap<string, string[]>>;
  media: ReadonlyMap<string, MediaView>;
  quoted: ReadonlyMap<string, { rowId: number; text: string | null; sender: string | null }>;
  names: ReadonlyMap<string, string>;
}

/** The one mapping from stored rows (text decoded) and their parts to the views every screen renders. */
export function messageViews(rows: ReadonlyArray<Omit<Row, 'body' | 'caption'> & { body: string | null; caption: string | null }>,
  { latest, revoked, reactions, media, quoted, names }: MessageParts): MessageView[] {
  return rows.map((r) => {
    const rev = latest.get(r.wa_id);
    const reacts = reactions.get(r.wa_id);
    const q = r.quoted_wa_id ? quoted.get(r.quoted_wa_id) : undefined;
    return {
      rowId: r.id,
      waId: r.wa_id,
      accountId: r.account_id,
      chatId: r.chat_wa_id,
      sortKey: r.sort_key,
      senderId: r.sender_wa_id,
      senderName: r.sender_wa_id ? (names.get(r.sender_wa_id) ?? null) : null,
      fromMe: r.from_me === 1,
      type: r.type,
      subtype: r.subtype,
      text: rev ?? r.body ?? r.caption,
      body: r.body,
      caption: r.caption,
      edited: rev !== undefined,
      revoked: revoked.get(r.wa_id) ?? null,
      ts: r.ts,
      ack: r.ack,
      forwarded: r.forwarded === 1,
      quoted: r.quoted_wa_id
        ? { waId: r.quoted_wa_id, text: q?.text ?? null, senderName: q?.sender ? (names.get(q.sender) ?? null) : null, rowId: q?.rowId ?? null }
        : null,
      location: r.location ? (JSON.parse(r.location) as unknown) : null,
      vcards: parseList(r.vcards),
      links: parseList(r.links),
      media: media.get(r.wa_id) ?? (r.has_media ? { status: 'pending', sha256: null, mime: null, size: null, filename: null } : null),
      reactions: reacts ? [...reacts].map(([emoji, s]) => ({ emoji, count: s.length, senders: s })) : [],
    };
  });
}

export function contactNames(db: Db, accountId: string, waIds: string[]): Map<string, string> {
  const names = new Map<string, string>();
  if (waIds.length === 0) return names;
  for (const c of stmt(db, `SELECT wa_id, coalesce(saved_name, push_name, phone) AS name FROM contacts
      WHERE account_id = ? AND wa_id IN (SELECT value FROM json_each(?))`).all(accountId, JSON.stringify(waIds)) as
      { wa_id: string; name: string | null }[]) {
    if (c.name) names.set(c.wa_id, c.name);
  }
  return names;
}

export interface ThreadArgs {
  accountId: string;
  chatId: string;
  /** Page anchor: a sort key from an earlier page, or a message to open around. */
  before?: number;
  after?: number;
  around?: string;
  limit?: number;
}

/** The hot thread queries; migration tests assert they page through the messages_thread index. */
export const THREAD_OLDER_SQL = `SELECT ${COLUMNS} FROM messages m JOIN chats c ON c.id = m.chat_id
    WHERE m.chat_id = ? AND m.sort_key < ? ORDER BY m.sort_key DESC LIMIT ?`;
export const THREAD_NEWER_SQL = `SELECT ${COLUMNS} FROM messages m JOIN chats c ON c.id = m.chat_id
    WHERE m.chat_id = ? AND m.sort_key > ? ORDER BY m.sort_key ASC LIMIT ?`;

function chatRow(db: Db, accountId: string, chatId: string): number | null {
  const r = stmt(db, 'SELECT id FROM chats WHERE account_id = ? AND wa_id = ?').get(accountId, chatId) as { id: number } | undefined;
  return r?.id ?? null;
}

/** A page of a chat, oldest first, by cursor in either direction or around one message. */
export function thread(db: Db, args: ThreadArgs): ThreadPage {
  const limit = Math.min(Math.max(args.limit ?? 50, 1), 500);
  const chat = chatRow(db, args.accountId, args.chatId);
  const empty = { messages: [], hasOlder: false, hasNewer: false, anchorIndex: null, total: 0 };
  if (chat === null) return empty;
  const older = stmt(db, THREAD_OLDER_SQL);
  const newer = stmt(db, THREAD_NEWER_SQL);
  let rows: Row[];
  let anchorIndex: number | null = null;
  let hasOlder: boolean;
  let hasNewer: boolean;
  if (args.around !== undefined) {
    const anchor = stmt(db, 'SELECT sort_key FROM messages WHERE account_id = ? AND wa_id = ? AND chat_id = ?')
      .get(args.accountId, args.around, chat) as { sort_key: number } | undefined;
    if (!anchor) return thread(db, { accountId: args.accountId, chatId: args.chatId, limit });
    const half = Math.floor(limit / 2);
    // rows at or before the anchor (newest first, anchor included), then rows after it
    const upTo = older.all(chat, anchor.sort_key + 1, half + 2) as Row[];
    const after = newer.all(chat, anchor.sort_key, limit - half) as Row[];
    hasOlder = upTo.length > half + 1;
    hasNewer = after.length > limit - half - 1;
    rows = [...upTo.slice(0, half + 1).reverse(), ...after.slice(0, limit - half - 1)];
    anchorIndex = rows.findIndex((r) => r.sort_key === anchor.sort_key);
  } else if (args.after !== undefined) {
    const r = newer.all(chat, args.after, limit + 1) as Row[];
    hasNewer = r.length > limit;
    rows = r.slice(0, limit);
    hasOlder = true;
  } else {
    const r = older.all(chat, args.before ?? Number.MAX_SAFE_INTEGER, limit + 1) as Row[];
    hasOlder = r.length > limit;
    rows = r.slice(0, limit).reverse();
    hasNewer = args.before !== undefined;
  }
  const total = (stmt(db, 'SELECT count(*) AS n FROM messages WHERE chat_id = ?').get(chat) as { n: number }).n;
  return { messages: hydrate(db, rows), hasOlder, hasNewer, anchorIndex, total };
}

export function messageDetail(db: Db, args: { accountId: string; messageId: string }): MessageDetail | null {
  const row = stmt(db, `SELECT ${COLUMNS} FROM messages m JOIN chats c ON c.id = m.chat_id
    WHERE m.account_id = ? AND m.wa_id = ?`).get(args.accountId, args.messageId) as Row | undefined;
  if (!row) return null;
  const [message] = hydrate(db, [row]);
  const reactions = stmt(db, `SELECT sender_wa_id AS senderId, emoji, at FROM reactions
    WHERE account_id = ? AND msg_wa_id = ? ORDER BY at`).all(args.accountId, args.messageId) as
    { senderId: string; emoji: string; at: number }[];
  const names = contactNames(db, args.accountId, reactions.map((r) => r.senderId));
  return {
    message: message!,
    revisions: (stmt(db, `SELECT edited_at AS editedAt, body FROM revisions WHERE account_id = ? AND msg_wa_id = ?
      ORDER BY edited_at`).all(args.accountId, args.messageId) as { editedAt: number; body: unknown }[])
      .map((r) => ({ editedAt: r.editedAt, body: fromDb(r.body) ?? '' })),
    revocations: stmt(db, `SELECT scope, at, by_wa_id AS "by" FROM revocations WHERE account_id = ? AND msg_wa_id = ?`)
      .all(args.accountId, args.messageId) as MessageDetail['revocations'],
    reactions: reactions.map((r) => ({ ...r, senderName: names.get(r.senderId) ?? null })),
    raw: (stmt(db, 'SELECT raw FROM messages WHERE id = ?').get(row.id) as { raw: string | null }).raw,
  };
}

export { COLUMNS as MESSAGE_COLUMNS, type Row as MessageRow };
