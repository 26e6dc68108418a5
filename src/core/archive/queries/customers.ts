import type { MessageView } from '../../../shared/archive-views';
import type {
  CustomerConflict, CustomerDetail, CustomerListItem, CustomerMember, CustomerNote, CustomerStage, FollowUp,
  StageEvent, TimelineItem, TimelinePage,
} from '../../../shared/crm-views';
import { CUSTOMER_FIELD_KEYS, CUSTOMER_FIELDS, type CustomerFields, EMPTY_CUSTOMER_FIELDS } from '../../../shared/customer-fields';
import type { Db } from '../open';
import { fromDb } from '../text-codec';
import { hydrate, type MessageRow, THREAD_OLDER_SQL } from './messages';
import { stmt } from './statements';
import { ID_SUFFIX, phoneOfUserId, phoneUserId, sortKeyFloor, sortKeyTs } from '../../../shared/vocabulary';

/**
 * Customers are computed, not stored per chat: a direct chat belongs to the customer of its
 * phone number (`p:<digits>`), else to a customer of its own (`w:<account>:<chat>`), unless
 * a manual link (customer_links) puts it elsewhere; then merges (customer_merges) redirect a
 * customer to the one it was merged into. Re-syncs only add contacts and chats, so they
 * never undo a manual merge or split, and two profiles derive the same customer ids.
 */

export const DAY_MS = 86_400_000;
/** Two reps talking to one customer within this many days is a 撞单 (conflict). */
export const CONFLICT_DAYS = 30;

export function phoneDigits(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const d = raw.replace(/[^0-9]/g, '');
  return d.length >= 5 && d.length <= 20 ? d : null;
}
export const phoneCustomerId = (digits: string) => `p:${digits}`;
export const chatCustomerId = (accountId: string, chatId: string) => `w:${accountId}:${chatId}`;

const json = (v: unknown) => JSON.stringify(v);

export const MERGES_SQL = 'SELECT from_id, into_id FROM customer_merges WHERE into_id IS NOT NULL';

// ---------------------------------------------------------------- merges

/** The merge graph: a customer merged into another is shown as the other (transitively). */
export class MergeMap {
  private readonly roots = new Map<string, string>();
  private constructor(private readonly into: Map<string, string>) {}

  static load(db: Db): MergeMap {
    return MergeMap.from(stmt(db, MERGES_SQL).all() as { from_id: string; into_id: string }[]);
  }

  static from(rows: ReadonlyArray<{ from_id: string; into_id: string }>): MergeMap {
    return new MergeMap(new Map(rows.map((r) => [r.from_id, r.into_id])));
  }

  /** The customer `id` is shown as. A cycle (two concurrent opposite merges) resolves to its smallest id. */
  root(id: string): string {
    const known = this.roots.get(id);
    if (known !== undefined) return known;
    const path: string[] = [];
    let cur = id;
    const seen = new Set<string>();
    while (this.into.has(cur) && !seen.has(cur)) {
      seen.add(cur);
      path.push(cur);
      cur = this.into.get(cur)!;
    }
    let root = cur;
    if (seen.has(cur)) {
      const cycle = path.slice(path.indexOf(cur));
      root = cycle.reduce((a, b) => (b < a ? b : a));
    }
    for (const p of path) this.roots.set(p, root);
    this.roots.set(id, root);
    return root;
  }

  /** Every id shown as `root` (itself first). */
  idsOf(root: string): string[] {
    return [root, ...[...this.into.keys()].filter((k) => k !== root && this.root(k) === root)];
  }
}

// ---------------------------------------------------------------- members

export interface CustomerChatRow {
  id: number;
  account_id: string;
  wa_id: string;
  last_ts: number | null;
  phone: string | null;
  contact_name: unknown;
  link: string | null;
  owner_id: string | null;
  account_label: string;
}

const CHAT_COLUMNS = `c.id, c.account_id, c.wa_id, c.last_message_ts AS last_ts,
    coalesce(k.phone, CASE WHEN c.wa_id LIKE '%${ID_SUFFIX.lid}' THEN (SELECT l.phone FROM contacts l
      WHERE l.account_id = c.account_id AND l.lid = c.wa_id AND l.phone IS NOT NULL LIMIT 1) END) AS phone,
    coalesce(k.saved_name, k.push_name, c.name) AS contact_name, cl.customer_id AS link, a.owner_id, a.label AS account_label
  FROM chats c JOIN accounts a ON a.id = c.account_id
  LEFT JOIN contacts k ON k.account_id = c.account_id AND k.wa_id = c.wa_id
  LEFT JOIN customer_links cl ON cl.account_id = c.account_id AND cl.contact_wa_id = c.wa_id`;
// The account's own "message yourself" chat is not a customer.
const NOT_SELF = `(a.me_wa_id IS NULL OR c.wa_id != a.me_wa_id) AND coalesce(k.is_me, 0) = 0`;

export const DIRECT_CHATS_SQL = `SELECT ${CHAT_COLUMNS} WHERE c.kind = 'direct' AND ${NOT_SELF}`;
const CHATS_BY_ID_SQL = `SELECT ${CHAT_COLUMNS} WHERE c.id IN (SELECT value FROM json_each(?)) AND c.kind = 'direct' AND ${NOT_SELF}`;
/** Candidate chats of a phone number: the chat id itself, and contacts that carry the phone. */
export const PHONE_CHATS_SQL = `SELECT c.id FROM chats c WHERE c.kind = 'direct' AND c.wa_id = ?
  UNION SELECT c.id FROM contacts k JOIN chats c ON c.account_id = k.account_id AND c.wa_id IN (k.wa_id, k.lid) AND c.kind = 'direct'
  WHERE k.phone = ?`;

function baseOf(r: CustomerChatRow): { id: string; via: CustomerMember['via'] } {
  if (r.link) return { id: r.link, via: 'link' };
  const digits = phoneDigits(r.phone) ?? phoneDigits(phoneOfUserId(r.wa_id));
  return digits ? { id: phoneCustomerId(digits), via: 'phone' } : { id: chatCustomerId(r.account_id, r.wa_id), via: 'contact' };
}

interface Member extends CustomerChatRow {
  root: string;
  via: CustomerMember['via'];
  digits: string | null;
}

function toMember(r: CustomerChatRow, merges: MergeMap): Member {
  const base = baseOf(r);
  return { ...r, root: merges.root(base.id), via: base.via, digits: phoneDigits(r.phone) ?? phoneDigits(phoneOfUserId(r.wa_id)) };
}

/** The direct chats shown under customer `root` (whose merged ids are `ids`). */
function membersOf(db: Db, merges: MergeMap, root: string, ids: string[]): Member[] {
  const candidates = new Set<number>();
  for (const id of ids) {
    if (id.startsWith('p:')) {
      const digits = id.slice(2);
      for (const r of stmt(db, PHONE_CHATS_SQL).all(phoneUserId(digits), digits) as { id: number }[]) candidates.add(r.id);
    } else if (id.startsWith('w:')) {
      const rest = id.slice(2);
      const cut = rest.indexOf(':');
      const r = stmt(db, 'SELECT id FROM chats WHERE account_id = ? AND wa_id = ?').get(rest.slice(0, cut), rest.slice(cut + 1)) as
        { id: number } | undefined;
      if (r) candidates.add(r.id);
    }
  }
  for (const r of stmt(db, `SELECT c.id FROM customer_links cl JOIN chats c ON c.account_id = cl.account_id AND c.wa_id = cl.contact_wa_id
      WHERE cl.customer_id IN (SELECT value FROM json_each(?))`).all(json(ids)) as { id: number }[]) candidates.add(r.id);
  if (candidates.size === 0) return [];
  return membersAmong(stmt(db, CHATS_BY_ID_SQL).all(json([...candidates])) as CustomerChatRow[], merges, root);
}

// ---------------------------------------------------------------- fields, tags, follow-ups

/** A customers row: its id and creation time, and per field (shared/customer-fields.ts) a value and a time column. */
interface CustomerRowDb {
  id: string;
  created_at: number;
  [column: string]: unknown;
}

/** Fields of a merged customer: per field, the newest value set on any of its ids. */
function mergeFields(rows: CustomerRowDb[]): CustomerFields {
  const out: Record<string, unknown> = { ...EMPTY_CUSTOMER_FIELDS };
  for (const key of CUSTOMER_FIELD_KEYS) {
    const { column, atColumn } = CUSTOMER_FIELDS[key];
    let best: { at: number; v: string } | null = null;
    for (const r of rows) {
      const at = r[atColumn] as number | null;
      if (at === null) continue;
      const v = fromDb(r[column]) ?? '';
      if (!best || at > best.at || (at === best.at && v > best.v)) best = { at, v };
    }
    out[key] = best && best.v !== '' ? best.v : null;
  }
  return out as unknown as CustomerFields;
}

function tagsOf(rows: Array<{ customer_id: string; tag: string; present: number; at: number }>): string[] {
  const latest = new Map<string, { present: number; at: number }>();
  for (const r of rows) {
    const prev = latest.get(r.tag);
    if (!prev || r.at > prev.at || (r.at === prev.at && r.present > prev.present)) latest.set(r.tag, r);
  }
  return [...latest].filter(([, v]) => v.present === 1).map(([t]) => t).sort();
}

export const PEOPLE_SQL = 'SELECT id, name FROM people';

function peopleNames(db: Db): Map<string, string> {
  return new Map((stmt(db, PEOPLE_SQL).all() as { id: string; name: string }[]).map((p) => [p.id, p.name]));
}

interface Group {
  root: string;
  members: Member[];
  rows: CustomerRowDb[];
  tagRows: Array<{ customer_id: string; tag: string; present: number; at: number }>;
  open: number;
  nextDue: number | null;
}

function listItem(g: Group, names: Map<string, string>, now: number, conflictDays: number): CustomerListItem {
  const fields = mergeFields(g.rows);
  const owners = new Set(g.members.map((m) => m.owner_id));
  const implicit = owners.size === 1 ? [...owners][0]! : null;
  const effective = fields.ownerId ?? implicit;
  const phones = [...new Set(g.members.map((m) => m.digits).filter((d): d is string => !!d))];
  if (phones.length === 0 && g.root.startsWith('p:')) phones.push(g.root.slice(2));
  const named = g.members.map((m) => fromDb(m.contact_name)).find((n) => !!n);
  const last = g.members.reduce<number | null>((acc, m) => (m.last_ts !== null && (acc === null || m.last_ts > acc) ? m.last_ts : acc), null);
  return {
    ...fields,
    customerId: g.root,
    displayName: fields.name ?? named ?? (phones[0] ? `+${phones[0]}` : g.root),
    phones,
    tags: tagsOf(g.tagRows),
    effectiveOwnerId: effective,
    effectiveOwnerName: effective ? (names.get(effective) ?? null) : null,
    accountIds: [...new Set(g.members.map((m) => m.account_id))].sort(),
    lastMessageTs: last,
    openFollowUps: g.open,
    nextDueAt: g.nextDue,
    conflict: repsOf(g.members, names, now, conflictDays).length >= 2,
  };
}

function repsOf(members: Member[], names: Map<string, string>, now: number, days: number): CustomerDetail['reps'] {
  const since = now - days * DAY_MS;
  const by = new Map<string, { accountIds: Set<string>; last: number }>();
  for (const m of members) {
    if (!m.owner_id || m.last_ts === null || m.last_ts < since) continue;
    const r = by.get(m.owner_id) ?? { accountIds: new Set<string>(), last: 0 };
    r.accountIds.add(m.account_id);
    r.last = Math.max(r.last, m.last_ts);
    by.set(m.owner_id, r);
  }
  return [...by].map(([ownerId, r]) => ({ ownerId, ownerName: names.get(ownerId) ?? null, accountIds: [...r.accountIds].sort(), lastMessageTs: r.last }))
    .sort((a, b) => b.lastMessageTs - a.lastMessageTs);
}

/** The rows every customer is computed from: portable SQL, no parameters (the team archive runs the same). */
export const CUSTOMER_ROWS_SQL = {
  merges: MERGES_SQL,
  directChats: DIRECT_CHATS_SQL,
  customers: 'SELECT * FROM customers',
  tags: 'SELECT customer_id, tag, present, at FROM customer_tags',
  followUps: `SELECT customer_id, count(*) AS n, min(due_at) AS due FROM follow_ups WHERE done = 0 AND text IS NOT NULL GROUP BY customer_id`,
  people: PEOPLE_SQL,
} as const;

export interface CustomerRows {
  merges: Array<{ from_id: string; into_id: string }>;
  directChats: CustomerChatRow[];
  customers: CustomerRowDb[];
  tags: Group['tagRows'];
  followUps: Array<{ customer_id: string; n: number; due: number | null }>;
  people: Array<{ id: string; name: string }>;
}

function customerRows(db: Db): CustomerRows {
  const all = <T,>(sql: string) => stmt(db, sql).all() as T[];
  return {
    merges: all(CUSTOMER_ROWS_SQL.merges), directChats: all(CUSTOMER_ROWS_SQL.directChats), customers: all(CUSTOMER_ROWS_SQL.customers),
    tags: all(CUSTOMER_ROWS_SQL.tags), followUps: all(CUSTOMER_ROWS_SQL.followUps), people: all(CUSTOMER_ROWS_SQL.people),
  };
}

/** Every customer: each direct chat's customer, plus customers that only have CRM data. */
function allGroups(db: Db): { groups: Map<string, Group>; merges: MergeMap } {
  return groupsFrom(customerRows(db));
}

function groupsFrom(rows: CustomerRows): { groups: Map<string, Group>; merges: MergeMap } {
  const merges = MergeMap.from(rows.merges);
  const groups = new Map<string, Group>();
  const group = (root: string) => {
    let g = groups.get(root);
    if (!g) {
      g = { root, members: [], rows: [], tagRows: [], open: 0, nextDue: null };
      groups.set(root, g);
    }
    return g;
  };
  for (const r of rows.directChats) {
    // a chat with no message yet is not a conversation with a customer
    if (r.last_ts === null && !r.link) continue;
    const m = toMember(r, merges);
    group(m.root).members.push(m);
  }
  for (const r of rows.customers) group(merges.root(r.id)).rows.push(r);
  for (const r of rows.tags) groups.get(merges.root(r.customer_id))?.tagRows.push(r);
  for (const r of rows.followUps) {
    const g = groups.get(merges.root(r.customer_id));
    if (!g) continue;
    g.open += r.n;
    if (r.due !== null && (g.nextDue === null || r.due < g.nextDue)) g.nextDue = r.due;
  }
  return { groups, merges };
}

// ---------------------------------------------------------------- queries

export interface CustomerListArgs {
  /** Matches name, company, phone, tag or a contact name (case-insensitive). */
  query?: string;
  /** The effective owner. */
  ownerId?: string;
  stage?: CustomerStage;
  tag?: string;
  accountId?: string;
  conflictOnly?: boolean;
  now?: number;
  conflictDays?: number;
  limit?: number;
  offset?: number;
}

export function customerList(db: Db, args: CustomerListArgs = {}): { items: CustomerListItem[]; total: number } {
  return customerListFrom(customerRows(db), args);
}

/** The customer list from its rows: one computation for the desktop's archive and the team archive. */
export function customerListFrom(rows: CustomerRows, args: CustomerListArgs = {}): { items: CustomerListItem[]; total: number } {
  const now = args.now ?? Date.now();
  const names = new Map(rows.people.map((p) => [p.id, p.name]));
  const { groups } = groupsFrom(rows);
  const q = args.query?.trim().toLowerCase();
  const qDigits = q ? q.replace(/[^0-9]/g, '') : '';
  let items = [...groups.values()].map((g) => ({ item: listItem(g, names, now, args.conflictDays ?? CONFLICT_DAYS), g }))
    .filter(({ item, g }) => {
      if (args.ownerId !== undefined && item.effectiveOwnerId !== args.ownerId) return false;
      if (args.stage && item.stage !== args.stage) return false;
      if (args.tag && !item.tags.includes(args.tag)) return false;
      if (args.accountId && !item.accountIds.includes(args.accountId)) return false;
      if (args.conflictOnly && !item.conflict) return false;
      if (!q) return true;
      const hay = [item.displayName, item.company ?? '', ...item.tags, ...g.members.map((m) => fromDb(m.contact_name) ?? '')]
        .join('\n').toLowerCase();
      return hay.includes(q) || (qDigits.length >= 3 && item.phones.some((p) => p.includes(qDigits)));
    })
    .map(({ item }) => item);
  items = items.sort((a, b) => (b.lastMessageTs ?? -1) - (a.lastMessageTs ?? -1) || (a.customerId < b.customerId ? -1 : 1));
  const offset = args.offset ?? 0;
  const limit = Math.min(Math.max(args.limit ?? 200, 1), 100_000);
  return { items: items.slice(offset, offset + limit), total: items.length };
}

/** The direct chats (account and chat ids) whose customer is at one of `stages`: one computation for both archives. */
export function chatsAtStages(rows: CustomerRows, stages: readonly CustomerStage[]): Array<{ accountId: string; chatId: string }> {
  const { groups } = groupsFrom(rows);
  const out: Array<{ accountId: string; chatId: string }> = [];
  for (const g of groups.values()) {
    const stage = mergeFields(g.rows).stage;
    if (stage && stages.includes(stage)) for (const m of g.members) out.push({ accountId: m.account_id, chatId: m.wa_id });
  }
  return out;
}

export const chatsAtStagesOf = (db: Db, stages: readonly CustomerStage[]) => chatsAtStages(customerRows(db), stages);

/** The customer a direct chat belongs to (null for groups and other kinds). */
export function customerOfChat(db: Db, args: { accountId: string; chatId: string }): string | null {
  const r = stmt(db, `SELECT ${CHAT_COLUMNS} WHERE c.account_id = ? AND c.wa_id = ? AND c.kind = 'direct' AND ${NOT_SELF}`)
    .get(args.accountId, args.chatId) as CustomerChatRow | undefined;
  return r ? toMember(r, MergeMap.load(db)).root : null;
}

export function customerDetail(db: Db, args: { customerId: string; now?: number; conflictDays?: number }): CustomerDetail | null {
  const merges = MergeMap.load(db);
  const root = merges.root(args.customerId);
  const ids = merges.idsOf(root);
  const members = membersOf(db, merges, root, ids);
  const idList = json(ids);
  const inIds = (sql: string) => stmt(db, sql.replace('IN_IDS', 'IN (SELECT value FROM json_each(?))')).all(idList);
  const count = stmt(db, 'SELECT count(*) AS n FROM messages WHERE chat_id = ?');
  return customerDetailFrom({
    root, ids, members, names: peopleNames(db), now: args.now ?? Date.now(), conflictDays: args.conflictDays ?? CONFLICT_DAYS,
    rows: inIds(DETAIL_SQL.customers) as CustomerRowDb[],
    tagRows: inIds(DETAIL_SQL.tags) as Group['tagRows'],
    followUps: inIds(DETAIL_SQL.followUps) as FollowUpRow[],
    notes: inIds(DETAIL_SQL.notes) as NoteRow[],
    stages: inIds(DETAIL_SQL.stages) as StageRow[],
    messages: new Map(members.map((m) => [m.id, (count.get(m.id) as { n: number }).n])),
  });
}

/** A customer's rows by its (merged) ids; `IN_IDS` stands for each engine's "customer_id in the list". */
export const DETAIL_SQL = {
  customers: 'SELECT * FROM customers WHERE id IN_IDS',
  tags: 'SELECT customer_id, tag, present, at FROM customer_tags WHERE customer_id IN_IDS',
  followUps: 'SELECT * FROM follow_ups WHERE customer_id IN_IDS ORDER BY done, due_at, id',
  notes: 'SELECT id, customer_id, author_id, body, at FROM customer_notes WHERE customer_id IN_IDS ORDER BY at DESC, id LIMIT 1000',
  stages: 'SELECT customer_id, stage, at, by_id FROM customer_stage_events WHERE customer_id IN_IDS ORDER BY at DESC, stage LIMIT 1000',
} as const;

interface NoteRow { id: string; customer_id: string; author_id: string | null; body: unknown; at: number }
interface StageRow { customer_id: string; stage: CustomerStage; at: number; by_id: string | null }

export interface CustomerDetailParts {
  root: string;
  ids: string[];
  members: Member[];
  names: Map<string, string>;
  now: number;
  conflictDays: number;
  rows: CustomerRowDb[];
  tagRows: Group['tagRows'];
  followUps: FollowUpRow[];
  notes: NoteRow[];
  stages: StageRow[];
  /** Messages per member chat (by chat row id). */
  messages: Map<number, number>;
}

/** A customer's details from its rows: one assembly for the desktop's archive and the team archive. */
export function customerDetailFrom(p: CustomerDetailParts): CustomerDetail | null {
  const { names, members, now } = p;
  const followUps = p.followUps.map((f) => followUpView(f, names));
  const notes = p.notes.map((n) => noteView(n, names)).reverse();
  if (members.length === 0 && p.rows.length === 0 && followUps.length === 0 && notes.length === 0) return null;
  const open = followUps.filter((f) => !f.done && f.text !== null);
  const g: Group = {
    root: p.root, members, rows: p.rows, tagRows: p.tagRows, open: open.length,
    nextDue: open.reduce<number | null>((a, f) => (f.dueAt !== null && (a === null || f.dueAt < a) ? f.dueAt : a), null),
  };
  return {
    ...listItem(g, names, now, p.conflictDays),
    mergedIds: p.ids,
    members: members.map((m) => ({
      accountId: m.account_id,
      accountLabel: m.account_label,
      ownerId: m.owner_id,
      ownerName: m.owner_id ? (names.get(m.owner_id) ?? null) : null,
      contactId: m.wa_id,
      phone: m.digits,
      contactName: fromDb(m.contact_name),
      via: m.via,
      lastMessageTs: m.last_ts,
      messages: p.messages.get(m.id) ?? 0,
    })).sort((a, b) => (b.lastMessageTs ?? -1) - (a.lastMessageTs ?? -1)),
    notes,
    followUps,
    stageHistory: p.stages.map((e) => stageView(e, names)).reverse(),
    reps: repsOf(members, names, now, p.conflictDays),
  };
}

/** The members of customer `root` among direct chats (all of them, or the candidates an engine found). */
export function membersAmong(chats: CustomerChatRow[], merges: MergeMap, root: string): Member[] {
  return chats.map((r) => toMember(r, merges)).filter((m) => m.root === root);
}

const noteView = (n: NoteRow, names: Map<string, string>): CustomerNote => ({
  noteId: n.id, customerId: n.customer_id, authorId: n.author_id, authorName: n.author_id ? (names.get(n.author_id) ?? null) : null,
  body: fromDb(n.body) ?? '', at: n.at,
});

const stageView = (e: StageRow, names: Map<string, string>): StageEvent =>
  ({ customerId: e.customer_id, stage: e.stage, at: e.at, byId: e.by_id, byName: e.by_id ? (names.get(e.by_id) ?? null) : null });

export const NOTES_SQL = `SELECT id, customer_id, author_id, body, at FROM customer_notes
  WHERE customer_id IN (SELECT value FROM json_each(?)) AND at < ? ORDER BY at DESC, id LIMIT ?`;


export const STAGES_SQL = `SELECT customer_id, stage, at, by_id FROM customer_stage_events
  WHERE customer_id IN (SELECT value FROM json_each(?)) AND at < ? ORDER BY at DESC, stage LIMIT ?`;

interface FollowUpRow {
  id: string; customer_id: string; text: unknown; due_at: number | null; assignee_id: string | null; done: number;
  status_at: number | null; created_at: number;
}

const followUpView = (f: FollowUpRow, names: Map<string, string>): FollowUp => ({
  followUpId: f.id,
  customerId: f.customer_id,
  text: fromDb(f.text),
  dueAt: f.due_at,
  assigneeId: f.assignee_id,
  assigneeName: f.assignee_id ? (names.get(f.assignee_id) ?? null) : null,
  done: f.done === 1,
  doneAt: f.done === 1 ? f.status_at : null,
  createdAt: f.created_at,
});


export const FOLLOW_UPS_DUE_SQL = `SELECT * FROM follow_ups WHERE done = 0 AND due_at <= ? AND text IS NOT NULL ORDER BY due_at, id LIMIT ?`;

/** Open follow-ups due up to `until` (reminders to notify), optionally for one assignee. */
export function followUpsDue(db: Db, args: { until: number; assigneeId?: string; limit?: number }): FollowUp[] {
  const names = peopleNames(db);
  return (stmt(db, FOLLOW_UPS_DUE_SQL).all(args.until, args.limit ?? 500) as FollowUpRow[])
    .filter((f) => args.assigneeId === undefined || f.assignee_id === args.assigneeId)
    .map((f) => followUpView(f, names));
}

/** Open follow-ups, for handover: those of the given customers (any assignee) or assigned to a person. */
export function openFollowUps(db: Db, args: { customerIds?: string[]; assigneeId?: string }): FollowUp[] {
  const names = peopleNames(db);
  const merges = MergeMap.load(db);
  const roots = new Set((args.customerIds ?? []).map((c) => merges.root(c)));
  return (stmt(db, 'SELECT * FROM follow_ups WHERE done = 0 AND text IS NOT NULL ORDER BY due_at, id').all() as FollowUpRow[])
    .filter((f) => roots.has(merges.root(f.customer_id)) || (args.assigneeId !== undefined && f.assignee_id === args.assigneeId))
    .map((f) => ({ ...followUpView(f, names), customerId: merges.root(f.customer_id) }));
}

/**
 * A customer's history across every account, newest page first, items oldest first in the
 * page: messages of all member chats, notes and stage changes.
 */
export function customerTimeline(db: Db, args: { customerId: string; before?: number; limit?: number }): TimelinePage {
  const limit = Math.min(Math.max(args.limit ?? 50, 1), 500);
  const before = args.before ?? Number.MAX_SAFE_INTEGER;
  const merges = MergeMap.load(db);
  const root = merges.root(args.customerId);
  const ids = merges.idsOf(root);
  const idList = json(ids);
  const members = membersOf(db, merges, root, ids);
  const older = stmt(db, THREAD_OLDER_SQL);
  const rows: MessageRow[] = [];
  for (const m of members) rows.push(...(older.all(m.id, timelineKey(before), limit) as MessageRow[]));
  return customerTimelineFrom({
    members, messages: hydrate(db, rows), names: peopleNames(db), limit,
    notes: stmt(db, NOTES_SQL).all(idList, before, limit) as NoteRow[],
    stages: stmt(db, STAGES_SQL).all(idList, before, limit) as StageRow[],
  });
}

/** A timeline page's bound: the first sort key of the millisecond `before`. */
export const timelineKey = (before: number) => (before >= sortKeyTs(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : sortKeyFloor(before));

/**
 * A customer's history page from its parts (each member chat's messages before the bound,
 * notes and stage changes before it): one assembly for the desktop's archive and the team archive.
 */
export function customerTimelineFrom(p: { members: Member[]; messages: MessageView[]; notes: NoteRow[]; stages: StageRow[];
  names: Map<string, string>; limit: number }): TimelinePage {
  const labels = new Map(p.members.map((m) => [m.account_id, m.account_label]));
  const items: TimelineItem[] = [
    ...p.messages.map((message): TimelineItem => ({ kind: 'message', at: message.ts, message, accountLabel: labels.get(message.accountId) ?? message.accountId })),
    ...p.notes.map((n): TimelineItem => ({ kind: 'note', at: n.at, note: noteView(n, p.names) })),
    ...p.stages.map((e): TimelineItem => ({ kind: 'stage', at: e.at, event: stageView(e, p.names) })),
  ].sort((a, b) => b.at - a.at);
  if (items.length <= p.limit) return { items: items.reverse(), before: null };
  // keep every item of the boundary millisecond, so the next page (strictly older) misses none
  const boundary = items[p.limit - 1]!.at;
  const page = items.filter((i) => i.at >= boundary);
  return { items: page.reverse(), before: boundary };
}

/** 撞单: customers that two or more reps' accounts talked to within `days`. */
export function customerConflicts(db: Db, args: { now?: number; days?: number } = {}): CustomerConflict[] {
  return customerConflictsFrom(customerRows(db), args);
}

/** 撞单 from the customer rows: one computation for the desktop's archive and the team archive. */
export function customerConflictsFrom(rows: CustomerRows, args: { now?: number; days?: number } = {}): CustomerConflict[] {
  const now = args.now ?? Date.now();
  const days = args.days ?? CONFLICT_DAYS;
  const names = new Map(rows.people.map((p) => [p.id, p.name]));
  const { groups } = groupsFrom(rows);
  const out: CustomerConflict[] = [];
  for (const g of groups.values()) {
    const reps = repsOf(g.members, names, now, days);
    if (reps.length < 2) continue;
    out.push({ customerId: g.root, displayName: listItem(g, names, now, days).displayName, reps });
  }
  return out.sort((a, b) => (b.reps[0]?.lastMessageTs ?? 0) - (a.reps[0]?.lastMessageTs ?? 0));
}

/** Customers that have a chat in any of these accounts. */
export function customersOfAccounts(db: Db, args: { accountIds: string[] }): string[] {
  const wanted = new Set(args.accountIds);
  const { groups } = allGroups(db);
  return [...groups.values()].filter((g) => g.members.some((m) => wanted.has(m.account_id))).map((g) => g.root).sort();
}

/** The direct chats of customers (each once), for exports and bundles. */
export function customerChats(db: Db, args: { customerIds: string[] }): Array<{ customerId: string; accountId: string; chatId: string; rowId: number }> {
  const merges = MergeMap.load(db);
  const out = new Map<number, { customerId: string; accountId: string; chatId: string; rowId: number }>();
  for (const id of args.customerIds) {
    const root = merges.root(id);
    for (const m of membersOf(db, merges, root, merges.idsOf(root))) out.set(m.id, { customerId: root, accountId: m.account_id, chatId: m.wa_id, rowId: m.id });
  }
  return [...out.values()];
}
