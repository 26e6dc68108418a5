import type {
  AccountActivity, DailyCount, GroupActivity, MemberActivity, RepActivity, ResponseStats, TeamActivity, WaitingChat,
} from '../../../shared/crm-views';
import type { Db } from '../open';
import { fromDb } from '../text-codec';
import { stmt } from './statements';
import { sortKeyRange, sortKeyTs } from '../../../shared/vocabulary';

const keyRange = (a: { from: number; to: number }): [number, number] => {
  const { lo, hi } = sortKeyRange(a.from, a.to);
  return [lo, hi];
};

/**
 * Team analytics, every figure counted from archived messages.
 *
 * Response time: in a direct chat, a customer's turn starts with their first message after
 * our last reply (or the first message of the range); it is answered by our next message.
 * "First-response time" is that wait. A turn still open at `now` is unanswered; a chat
 * whose open turn is older than the threshold is waiting.
 */

const DAY = 86_400_000;
const MAX_BUCKETS = 400;

export const ACTIVITY_SCAN_SQL = 'SELECT sort_key, from_me FROM messages WHERE chat_id = ? AND sort_key BETWEEN ? AND ? ORDER BY sort_key';

function stats(samples: number[], unanswered: number): ResponseStats {
  if (samples.length === 0) return { answered: 0, unanswered, avgMs: null, medianMs: null, p90Ms: null };
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
  return {
    answered: s.length, unanswered, avgMs: Math.round(s.reduce((a, b) => a + b, 0) / s.length), medianMs: at(0.5), p90Ms: at(0.9),
  };
}

const dayKey = (ts: number, offsetMs: number) => new Date(Math.floor((ts + offsetMs) / DAY) * DAY).toISOString().slice(0, 10);

export interface TeamActivityArgs {
  from: number;
  to: number;
  /** The time "now" (unanswered turns are measured to it). */
  now: number;
  /** A chat waits when the customer's open turn is older than this. */
  unansweredHours?: number;
  /** Days are counted in this offset from UTC (the viewer's zone). */
  tzOffsetMinutes?: number;
  accountIds?: string[];
}

/** The accounts and the chats active since `from` that team analytics reads: portable SQL, one parameter (`from`). */
export const ACTIVITY_ACCOUNTS_SQL = `SELECT a.id, a.label, a.owner_id, p.name AS owner_name, a.me_wa_id FROM accounts a LEFT JOIN people p ON p.id = a.owner_id
    WHERE a.removed_at IS NULL ORDER BY a.sort_order, a.id`;
export const ACTIVITY_CHATS_SQL = `SELECT c.id, c.account_id, c.wa_id, c.kind, coalesce(c.name, k.saved_name, k.push_name,
      (SELECT coalesce(l.saved_name, l.push_name) FROM contacts l WHERE l.account_id = c.account_id AND l.lid = c.wa_id LIMIT 1)) AS name FROM chats c
    LEFT JOIN contacts k ON k.account_id = c.account_id AND k.wa_id = c.wa_id
    WHERE c.last_message_ts >= ? AND c.kind IN ('direct', 'group', 'community_announce')`;

export interface ActivityAccountRow { id: string; label: string; owner_id: string | null; owner_name: string | null; me_wa_id: string | null }
export interface ActivityChatRow { id: number; account_id: string; wa_id: string; kind: string; name: string | null }
/** A chat's messages in the range, oldest first. */
export type ActivityScan = (chatRowId: number, lo: number, hi: number) => Iterable<{ sort_key: number; from_me: number }>;

export function teamActivity(db: Db, args: TeamActivityArgs): TeamActivity {
  const accounts = stmt(db, ACTIVITY_ACCOUNTS_SQL).all() as ActivityAccountRow[];
  const chats = (stmt(db, ACTIVITY_CHATS_SQL).all(args.from) as Array<Omit<ActivityChatRow, 'name'> & { name: unknown }>)
    .map((c) => ({ ...c, name: fromDb(c.name) }));
  const scan = stmt(db, ACTIVITY_SCAN_SQL);
  return computeTeamActivity(args, accounts, chats, (id, lo, hi) => scan.iterate(id, lo, hi) as Iterable<{ sort_key: number; from_me: number }>);
}

/** The figures of teamActivity from its rows: one computation for the desktop's archive and the team archive. */
export function computeTeamActivity(args: TeamActivityArgs, accounts: ActivityAccountRow[], chats: ActivityChatRow[], scan: ActivityScan): TeamActivity {
  const offset = (args.tzOffsetMinutes ?? 0) * 60_000;
  const threshold = (args.unansweredHours ?? 4) * 3600_000;
  const wanted = args.accountIds ? new Set(args.accountIds) : null;
  const per = new Map<string, { in: number; out: number; samples: number[]; unanswered: number; waiting: number }>();
  const daily = new Map<string, DailyCount>();
  const waiting: WaitingChat[] = [];
  const labels = new Map(accounts.map((a) => [a.id, a]));
  for (const c of chats) {
    const account = labels.get(c.account_id);
    if (!account || (wanted && !wanted.has(c.account_id)) || c.wa_id === account.me_wa_id) continue;
    const acc = per.get(c.account_id) ?? { in: 0, out: 0, samples: [], unanswered: 0, waiting: 0 };
    per.set(c.account_id, acc);
    let openSince: number | null = null;
    let last = 0;
    for (const r of scan(c.id, ...keyRange(args))) {
      const ts = sortKeyTs(r.sort_key);
      last = ts;
      const key = `${dayKey(ts, offset)}\u0000${c.account_id}`;
      const d = daily.get(key) ?? { day: dayKey(ts, offset), accountId: c.account_id, in: 0, out: 0 };
      daily.set(key, d);
      if (r.from_me === 1) {
        acc.out++;
        d.out++;
        if (openSince !== null && c.kind === 'direct') acc.samples.push(ts - openSince);
        openSince = null;
      } else {
        acc.in++;
        d.in++;
        if (openSince === null) openSince = ts;
      }
    }
    if (openSince !== null && c.kind === 'direct') {
      acc.unanswered++;
      if (args.now - openSince > threshold) {
        acc.waiting++;
        waiting.push({ accountId: c.account_id, accountLabel: account.label, chatId: c.wa_id, name: c.name, waitingSince: openSince, lastMessageTs: last });
      }
    }
  }
  const accountRows: AccountActivity[] = accounts.filter((a) => !wanted || wanted.has(a.id)).map((a) => {
    const p = per.get(a.id) ?? { in: 0, out: 0, samples: [], unanswered: 0, waiting: 0 };
    return { accountId: a.id, label: a.label, ownerId: a.owner_id, ownerName: a.owner_name, messagesIn: p.in, messagesOut: p.out,
      waitingChats: p.waiting, ...stats(p.samples, p.unanswered) };
  });
  const reps = new Map<string, { row: AccountActivity[]; samples: number[]; unanswered: number }>();
  for (const a of accountRows) {
    const k = a.ownerId ?? '';
    const r = reps.get(k) ?? { row: [], samples: [], unanswered: 0 };
    r.row.push(a);
    r.samples.push(...(per.get(a.accountId)?.samples ?? []));
    r.unanswered += a.unanswered;
    reps.set(k, r);
  }
  const repRows: RepActivity[] = [...reps.values()].map((r) => ({
    ownerId: r.row[0]!.ownerId, ownerName: r.row[0]!.ownerName, accountIds: r.row.map((a) => a.accountId),
    messagesIn: r.row.reduce((s, a) => s + a.messagesIn, 0), messagesOut: r.row.reduce((s, a) => s + a.messagesOut, 0),
    waitingChats: r.row.reduce((s, a) => s + a.waitingChats, 0), ...stats(r.samples, r.unanswered),
  }));
  return {
    from: args.from, to: args.to, accounts: accountRows, reps: repRows,
    daily: [...daily.values()].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.accountId < b.accountId ? -1 : 1)),
    waiting: waiting.sort((a, b) => a.waitingSince - b.waitingSince),
  };
}

// ---------------------------------------------------------------- groups and communities

export interface GroupActivityArgs {
  accountId: string;
  chatId: string;
  from: number;
  to: number;
  bucket?: 'day' | 'week' | 'month';
  tzOffsetMinutes?: number;
}

const ROLE_RANK = { member: 0, admin: 1, superadmin: 2 } as const;

/** A range too long for its bucket size: the user's input to fix. */
export class TooManyBucketsError extends Error {}

/** Start (ms) of each bucket covering [from, to], in the given offset. */
function bucketsOf(from: number, to: number, bucket: 'day' | 'week' | 'month', offset: number): number[] {
  const out: number[] = [];
  const startOf = (ts: number) => {
    const local = ts + offset;
    if (bucket === 'month') {
      const d = new Date(local);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) - offset;
    }
    const day = Math.floor(local / DAY);
    // 1970-01-01 was a Thursday: weeks start on Monday
    const first = bucket === 'week' ? day - ((day + 3) % 7) : day;
    return first * DAY - offset;
  };
  for (let t = startOf(from); t <= to; ) {
    out.push(t);
    if (out.length > MAX_BUCKETS) throw new TooManyBucketsError(`More than ${MAX_BUCKETS} ${bucket}s: choose a larger bucket or a shorter range.`);
    if (bucket === 'month') {
      const d = new Date(t + offset);
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - offset;
    } else t += bucket === 'week' ? 7 * DAY : DAY;
  }
  return out;
}

/** What group activity is counted from, read by either engine. */
export interface GroupActivityRows {
  chat: { wa_id: string; kind: string; name: string | null };
  /** The group, or a community and its groups. */
  chats: Array<{ id: number; wa_id: string }>;
  me: string | null;
  participants: Iterable<{ contact_wa_id: string; role: MemberActivity['role']; is_member: number }>;
  /** Per chat: each sender's last message time, whatever the range. */
  lastBySender: (chatId: number) => Iterable<{ sender_wa_id: string | null; from_me: number; last: number }>;
  /** Per chat: the messages in the range. */
  inRange: (chatId: number) => Iterable<{ sender_wa_id: string | null; from_me: number; ts: number }>;
}

/** The one computation of a group's activity (members, who speaks, messages per bucket), for both engines. */
export async function computeGroupActivity(args: GroupActivityArgs, rows: GroupActivityRows,
  names: (contactIds: string[]) => Promise<Map<string, string | null>>): Promise<GroupActivity> {
  const { chat, chats, me } = rows;
  const offset = (args.tzOffsetMinutes ?? 0) * 60_000;
  const buckets = bucketsOf(args.from, args.to, args.bucket ?? 'week', offset);
  const bucketOf = (ts: number) => {
    let lo = 0;
    let hi = buckets.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (buckets[mid]! <= ts) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const people = new Map<string, MemberActivity>();
  const person = (contactId: string): MemberActivity => {
    let p = people.get(contactId);
    if (!p) {
      p = { contactId, name: null, role: 'member', isMember: false, messages: 0, lastActive: null, perBucket: buckets.map(() => 0) };
      people.set(contactId, p);
    }
    return p;
  };
  for (const r of rows.participants) {
    const p = person(r.contact_wa_id);
    if (r.is_member === 1) p.isMember = true;
    if (ROLE_RANK[r.role] > ROLE_RANK[p.role]) p.role = r.role;
  }
  const perBucket = buckets.map(() => 0);
  for (const c of chats) {
    for (const r of rows.lastBySender(c.id)) {
      const id = r.from_me === 1 ? me : r.sender_wa_id;
      if (!id) continue;
      const p = person(id);
      p.lastActive = Math.max(p.lastActive ?? 0, r.last);
    }
    for (const r of rows.inRange(c.id)) {
      const b = bucketOf(r.ts);
      perBucket[b]!++;
      const id = r.from_me === 1 ? me : r.sender_wa_id;
      if (!id) continue;
      const p = person(id);
      p.messages++;
      p.perBucket[b]!++;
    }
  }
  const named = await names([...people.keys()]);
  for (const p of people.values()) p.name = named.get(p.contactId) ?? null;
  const list = [...people.values()].sort((a, b) => b.messages - a.messages || (a.contactId < b.contactId ? -1 : 1));
  const members = list.filter((p) => p.isMember);
  return {
    accountId: args.accountId, chatId: chat.wa_id, name: chat.name, kind: chat.kind, chatIds: chats.map((c) => c.wa_id),
    members: members.length, admins: members.filter((p) => p.role !== 'member').length, buckets, messagesPerBucket: perBucket,
    people: list, silent: members.filter((p) => p.messages === 0).length,
  };
}

/** SQL both engines read group activity with (`?` placeholders; the server numbers them). */
export const GROUP_SQL = {
  chat: 'SELECT id, wa_id, kind, name FROM chats WHERE account_id = ? AND wa_id = ?',
  community: 'SELECT id, wa_id FROM chats WHERE account_id = ? AND (parent_wa_id = ? OR wa_id = ?) ORDER BY wa_id',
  me: 'SELECT me_wa_id FROM accounts WHERE id = ?',
  lastBySender: 'SELECT sender_wa_id, from_me, max(ts) AS last FROM messages WHERE chat_id = ? GROUP BY sender_wa_id, from_me',
  inRange: 'SELECT sender_wa_id, from_me, ts FROM messages WHERE chat_id = ? AND sort_key BETWEEN ? AND ?',
  name: 'SELECT coalesce(saved_name, push_name, phone) AS name FROM contacts WHERE account_id = ? AND (wa_id = ? OR lid = ?) ORDER BY wa_id LIMIT 1',
} as const;

export async function groupActivity(db: Db, args: GroupActivityArgs): Promise<GroupActivity | null> {
  const chat = stmt(db, GROUP_SQL.chat).get(args.accountId, args.chatId) as { id: number; wa_id: string; kind: string; name: string | null } | undefined;
  if (!chat) return null;
  const chats = chat.kind === 'community'
    ? (stmt(db, GROUP_SQL.community).all(args.accountId, chat.wa_id, chat.wa_id) as { id: number; wa_id: string }[])
    : [{ id: chat.id, wa_id: chat.wa_id }];
  const me = (stmt(db, GROUP_SQL.me).get(args.accountId) as { me_wa_id: string | null } | undefined)?.me_wa_id ?? null;
  const participants = stmt(db, `SELECT contact_wa_id, role, is_member FROM participants WHERE account_id = ? AND chat_wa_id IN (SELECT value FROM json_each(?))`)
    .all(args.accountId, JSON.stringify(chats.map((c) => c.wa_id))) as { contact_wa_id: string; role: MemberActivity['role']; is_member: number }[];
  const name = stmt(db, GROUP_SQL.name);
  return computeGroupActivity(args, {
    chat: { ...chat, name: fromDb(chat.name) }, chats, me, participants,
    lastBySender: (id) => stmt(db, GROUP_SQL.lastBySender).all(id) as { sender_wa_id: string | null; from_me: number; last: number }[],
    inRange: (id) => stmt(db, GROUP_SQL.inRange).iterate(id, ...keyRange(args)) as Iterable<{ sender_wa_id: string | null; from_me: number; ts: number }>,
  }, async (ids) => new Map(ids.map((id) => [id, fromDb((name.get(args.accountId, id, id) as { name: unknown } | undefined)?.name) ?? null])));
}
