import type { GroupActivity, MemberActivity, TeamActivity } from '../../../shared/crm-views';
import { sortKeyRange } from '../../../shared/vocabulary';
import {
  ACTIVITY_ACCOUNTS_SQL, ACTIVITY_CHATS_SQL, type ActivityAccountRow, type ActivityChatRow, computeGroupActivity, computeTeamActivity, GROUP_SQL,
  type GroupActivityArgs, type TeamActivityArgs,
} from '../../../core/archive/queries/analytics';
import type { Sql } from '../db';
import { fromPg } from '../text';

/**
 * Team analytics over the team archive: the desktop's own rows (the same SQL) and its own
 * computation (computeTeamActivity), so first-response times and waiting chats are counted
 * exactly as on a rep's PC. `owners` puts each account under whose it is on the team.
 */

/** The desktop's `?` placeholders as PostgreSQL's `$n`. */
const numbered = (text: string) => {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
};

export async function pgTeamActivity(sql: Sql, args: TeamActivityArgs, owners?: Map<string, { id: string; name: string }>): Promise<TeamActivity> {
  const accounts = (await sql<ActivityAccountRow & { label: unknown; owner_name: unknown }>(ACTIVITY_ACCOUNTS_SQL)).map((a) => {
    const owner = owners?.get(a.id);
    return { ...a, label: fromPg(a.label) ?? a.id, ...(owners ? { owner_id: owner?.id ?? null, owner_name: owner?.name ?? null } : { owner_name: fromPg(a.owner_name) }) };
  });
  const chats = (await sql<ActivityChatRow & { name: unknown }>(numbered(ACTIVITY_CHATS_SQL), [args.from])).map((c) => ({ ...c, name: fromPg(c.name) }));
  const { lo, hi } = sortKeyRange(args.from, args.to);
  const rows = chats.length
    ? await sql<{ chat_id: number; sort_key: number; from_me: number }>(`SELECT chat_id, sort_key, from_me FROM messages
        WHERE chat_id = ANY($1::bigint[]) AND sort_key BETWEEN $2 AND $3 ORDER BY chat_id, sort_key`, [chats.map((c) => c.id), lo, hi])
    : [];
  const byChat = new Map<number, Array<{ sort_key: number; from_me: number }>>();
  for (const r of rows) {
    let list = byChat.get(r.chat_id);
    if (!list) byChat.set(r.chat_id, (list = []));
    list.push(r);
  }
  return computeTeamActivity(args, accounts, chats, (id) => byChat.get(id) ?? []);
}

/** A group's (or a community's) activity over the team archive: the desktop's SQL and its computation. */
export async function pgGroupActivity(sql: Sql, args: GroupActivityArgs): Promise<GroupActivity | null> {
  const chat = (await sql<{ id: number; wa_id: string; kind: string; name: unknown }>(numbered(GROUP_SQL.chat), [args.accountId, args.chatId]))[0];
  if (!chat) return null;
  const chats = chat.kind === 'community'
    ? await sql<{ id: number; wa_id: string }>(numbered(GROUP_SQL.community), [args.accountId, chat.wa_id, chat.wa_id])
    : [{ id: chat.id, wa_id: chat.wa_id }];
  const me = (await sql<{ me_wa_id: string | null }>(numbered(GROUP_SQL.me), [args.accountId]))[0]?.me_wa_id ?? null;
  const participants = await sql<{ contact_wa_id: string; role: MemberActivity['role']; is_member: number }>(
    'SELECT contact_wa_id, role, is_member FROM participants WHERE account_id = $1 AND chat_wa_id = ANY($2::text[])', [args.accountId, chats.map((c) => c.wa_id)]);
  const { lo, hi } = sortKeyRange(args.from, args.to);
  const last = new Map<number, Array<{ sender_wa_id: string | null; from_me: number; last: number }>>();
  const inRange = new Map<number, Array<{ sender_wa_id: string | null; from_me: number; ts: number }>>();
  for (const c of chats) {
    last.set(c.id, await sql(numbered(GROUP_SQL.lastBySender), [c.id]));
    inRange.set(c.id, await sql(numbered(GROUP_SQL.inRange), [c.id, lo, hi]));
  }
  return computeGroupActivity(args, {
    chat: { wa_id: chat.wa_id, kind: chat.kind, name: fromPg(chat.name) }, chats, me, participants,
    lastBySender: (id) => last.get(id) ?? [], inRange: (id) => inRange.get(id) ?? [],
  }, async (ids) => {
    // GROUP_SQL.name for every person in one statement: the first contact by wa_id that is them
    const rows = await sql<{ wa_id: string; lid: string | null; name: unknown }>(`SELECT wa_id, lid, coalesce(saved_name, push_name, phone) AS name
      FROM contacts WHERE account_id = $1 AND (wa_id = ANY($2::text[]) OR lid = ANY($2::text[])) ORDER BY wa_id`, [args.accountId, ids]);
    return new Map(ids.map((id) => [id, fromPg(rows.find((r) => r.wa_id === id || r.lid === id)?.name)]));
  });
}
