import { type TeamAccountStatus, type TeamDeviceStatus, TEAM_ONLINE_MS, type TeamOverview } from '../../shared/team-views';
import type { Pool, Sql } from '../pg/db';
import { fromPg } from '../pg/text';
import { pgTeamActivity } from '../pg/read/analytics';
import { UNREAD_CAP } from '../../core/archive/queries/chats';
import { SORT_SLOTS } from '../../shared/vocabulary';
import { listUsers, type UserRow } from '../team/users';

/**
 * The lead's team overview: each person the viewer may see (admin: everyone; lead: their
 * team; rep: themselves), their PCs as last heard from, and the accounts those PCs linked
 * with the state they last reported. Account rows are read as the viewer (row-level
 * security), so an account shows only where its chats could be opened too.
 */
export async function teamOverview(pool: Pool, viewer: UserRow, read: <T>(fn: (sql: Sql) => Promise<T>) => Promise<T>, now = Date.now()): Promise<TeamOverview> {
  const people = await listUsers((text, values) => pool.query(text, values).then((r) => r.rows), viewer);
  const ids = people.map((p) => p.id);
  const devices = (await pool.query<{ id: string; user_id: string; name: string; app_version: string | null; enrolled_at: number;
    last_seen_at: number | null; revoked_at: number | null; pending_ops: number | null; upload_done: number | null; upload_total: number | null }>(
    'SELECT * FROM devices WHERE user_id = ANY($1::text[]) ORDER BY enrolled_at', [ids])).rows;
  // each account under whose it is (handed over, or linked), with the state its PCs last reported
  const links = (await pool.query<{ user_id: string; account: string; state: string | null; detail: string | null; at: number | null }>(
    `SELECT o.user_id, o.account_id AS account, s.state, s.detail, s.at FROM sb_account_users() o
      LEFT JOIN LATERAL (SELECT da.state, da.state_detail AS detail, da.updated_at AS at FROM device_accounts da
        WHERE da.team_account_id = o.account_id AND da.state IS NOT NULL ORDER BY da.updated_at DESC LIMIT 1) s ON true
      WHERE o.user_id = ANY($1::text[]) ORDER BY o.user_id, o.account_id`, [ids])).rows;
  const visible = new Map((await read((sql) => sql<{ id: string; label: unknown; phone: string | null }>('SELECT id, label, phone FROM accounts')))
    .map((a) => [a.id, a]));
  // what waits for the team: unread messages, and chats waiting for an answer (the dashboard's own count)
  const unread = new Map((await read((sql) => sql<{ account_id: string; n: number }>(`SELECT c.account_id, sum((SELECT count(*)::int FROM (SELECT 1 FROM messages u
      WHERE u.chat_id = c.id AND u.sort_key >= (c.last_seen_ts + 1) * ${SORT_SLOTS} AND u.from_me = 0 LIMIT ${UNREAD_CAP}) x))::int AS n
    FROM chats c WHERE c.last_message_ts > c.last_seen_ts GROUP BY c.account_id`))).map((r) => [r.account_id, r.n]));
  const activity = await read((sql) => pgTeamActivity(sql, { from: now - 30 * 86_400_000, to: now, now }));
  const waiting = new Map(activity.accounts.map((a) => [a.accountId, a.waitingChats]));
  return {
    users: people.map((p) => ({
      id: p.id, login: p.login, name: p.name, role: p.role, team: p.team, disabled: p.disabled,
      devices: devices.filter((d) => d.user_id === p.id).map((d): TeamDeviceStatus => ({
        id: d.id, name: d.name, appVersion: d.app_version, enrolledAt: d.enrolled_at, lastSeenAt: d.last_seen_at, revokedAt: d.revoked_at,
        online: d.revoked_at === null && d.last_seen_at !== null && now - d.last_seen_at <= TEAM_ONLINE_MS,
        pendingOps: d.pending_ops, upload: d.upload_done !== null && d.upload_total !== null ? { done: d.upload_done, total: d.upload_total } : null,
      })),
      accounts: links.filter((l) => l.user_id === p.id && visible.has(l.account)).map((l): TeamAccountStatus => {
        const a = visible.get(l.account)!;
        return { id: a.id, label: fromPg(a.label) ?? a.id, phone: a.phone, state: l.state ?? 'stopped', detail: l.detail, stateChangedAt: l.at,
          unread: unread.get(a.id) ?? 0, waiting: waiting.get(a.id) ?? 0 };
      }),
    })),
  };
}
