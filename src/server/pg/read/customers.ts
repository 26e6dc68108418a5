import type { CustomerConflict, CustomerDetail, CustomerListItem, TimelinePage } from '../../../shared/crm-views';
import { MESSAGE_COLUMNS, type MessageRow } from '../../../core/archive/queries/messages';
import { pgHydrate } from './messages';
import {
  CONFLICT_DAYS, customerConflictsFrom, CUSTOMER_ROWS_SQL, customerDetailFrom, type CustomerListArgs, customerListFrom, type CustomerRows, DETAIL_SQL, MergeMap, membersAmong, NOTES_SQL, STAGES_SQL, customerTimelineFrom, timelineKey,
} from '../../../core/archive/queries/customers';
import type { Sql } from '../db';
import { fromPg } from '../text';

/**
 * Customers over the team archive: the desktop's own rows (the same SQL) and its one
 * computation (customerListFrom), so a customer groups the same chats on the team server as
 * on a rep's PC. `team` puts each chat's account under whose it is on the team and names the
 * team's people (its users, and the people reps created on their PCs), for the console.
 */

/** Every string of a row as it was archived (text-codec of the team archive). */
const decoded = <T extends object>(rows: T[]): T[] =>
  rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' ? fromPg(v) : v])) as T);

export async function pgCustomerRows(sql: Sql, team?: { owners: Map<string, string>; people: Array<{ id: string; name: string }> }): Promise<CustomerRows> {
  const all = async <T extends object>(text: string) => decoded(await sql<T>(text));
  const rows: CustomerRows = {
    merges: await all(CUSTOMER_ROWS_SQL.merges),
    directChats: await all(CUSTOMER_ROWS_SQL.directChats),
    customers: await all(CUSTOMER_ROWS_SQL.customers),
    tags: await all(CUSTOMER_ROWS_SQL.tags),
    followUps: await all(CUSTOMER_ROWS_SQL.followUps),
    people: await all(CUSTOMER_ROWS_SQL.people),
  };
  if (!team) return rows;
  // the team's users first; people a rep created on a PC (replicated with its archive) keep their names
  const users = new Set(team.people.map((p) => p.id));
  return { ...rows, people: [...team.people, ...rows.people.filter((p) => !users.has(p.id))], directChats: rows.directChats.map((c) => ({ ...c, owner_id: team.owners.get(c.account_id) ?? null })) };
}

export async function pgCustomerList(sql: Sql, args: CustomerListArgs = {}, team?: Parameters<typeof pgCustomerRows>[1]):
  Promise<{ items: CustomerListItem[]; total: number }> {
  return customerListFrom(await pgCustomerRows(sql, team), args);
}

/** 撞单 over the team archive: customers two or more people talked to lately. */
export async function pgCustomerConflicts(sql: Sql, args: { now?: number; days?: number }, team?: Parameters<typeof pgCustomerRows>[1]):
  Promise<CustomerConflict[]> {
  return customerConflictsFrom(await pgCustomerRows(sql, team), args);
}

/** A customer's details over the team archive, assembled by the desktop's customerDetailFrom. */
export async function pgCustomerDetail(sql: Sql, args: { customerId: string; now?: number; conflictDays?: number }, team?: Parameters<typeof pgCustomerRows>[1]):
  Promise<CustomerDetail | null> {
  const rows = await pgCustomerRows(sql, team);
  const merges = MergeMap.from(rows.merges);
  const root = merges.root(args.customerId);
  const ids = merges.idsOf(root);
  const members = membersAmong(rows.directChats, merges, root);
  const inIds = async <T extends object>(text: string) => decoded(await sql<T>(text.replace('IN_IDS', '= ANY($1::text[])'), [ids]));
  const counts = members.length
    ? await sql<{ chat_id: number; n: number }>('SELECT chat_id, count(*)::int AS n FROM messages WHERE chat_id = ANY($1::bigint[]) GROUP BY chat_id',
      [members.map((m) => m.id)])
    : [];
  return customerDetailFrom({
    root, ids, members, names: new Map(rows.people.map((p) => [p.id, p.name])), now: args.now ?? Date.now(), conflictDays: args.conflictDays ?? CONFLICT_DAYS,
    rows: await inIds(DETAIL_SQL.customers),
    tagRows: await inIds(DETAIL_SQL.tags),
    followUps: await inIds(DETAIL_SQL.followUps),
    notes: await inIds(DETAIL_SQL.notes),
    stages: await inIds(DETAIL_SQL.stages),
    messages: new Map(counts.map((c) => [c.chat_id, c.n])),
  });
}

/** A page of a customer's history across the team's accounts, assembled by the desktop's customerTimelineFrom. */
export async function pgCustomerTimeline(sql: Sql, args: { customerId: string; before?: number; limit?: number }, team?: Parameters<typeof pgCustomerRows>[1]):
  Promise<TimelinePage> {
  const limit = Math.min(Math.max(args.limit ?? 50, 1), 500);
  const before = args.before ?? Number.MAX_SAFE_INTEGER;
  const rows = await pgCustomerRows(sql, team);
  const merges = MergeMap.from(rows.merges);
  const root = merges.root(args.customerId);
  const ids = merges.idsOf(root);
  const members = membersAmong(rows.directChats, merges, root);
  const messages: MessageRow[] = [];
  for (const m of members) {
    messages.push(...await sql<MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN chats c ON c.id = m.chat_id
      WHERE m.chat_id = $1 AND m.sort_key < $2 ORDER BY m.sort_key DESC LIMIT $3`, [m.id, timelineKey(before), limit]));
  }
  const anyIds = (text: string) => text.replace('IN (SELECT value FROM json_each(?)) AND at < ?', '= ANY($1::text[]) AND at < $2').replace('LIMIT ?', 'LIMIT $3');
  return customerTimelineFrom({
    members, messages: await pgHydrate(sql, messages), names: new Map(rows.people.map((p) => [p.id, p.name])), limit,
    notes: decoded(await sql(anyIds(NOTES_SQL), [ids, before, limit])),
    stages: decoded(await sql(anyIds(STAGES_SQL), [ids, before, limit])),
  });
}
