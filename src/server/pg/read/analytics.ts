import type { TeamActivity } from '../../../shared/crm-views';
import { sortKeyRange } from '../../../shared/vocabulary';
import {
  ACTIVITY_ACCOUNTS_SQL, ACTIVITY_CHATS_SQL, type ActivityAccountRow, type ActivityChatRow, computeTeamActivity, type TeamActivityArgs,
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
