import type { CustomerHandover, OffboardReport, ReassignPlan } from '../../shared/team-views';
import { inTransaction, type Pool, type Sql } from '../pg/db';
import { revokeDevice } from './accounts';
import { ArchiveBatch } from '../../core/archive/operations';
import { applyBatchInTransaction } from '../pg/pg-applier';
import { appendServerAudit } from './server-audit';
import { announceTeamPeople } from './team-people';
import { queueInbox } from './device-inbox';
import type { UserRow } from './users';

/**
 * Handing an account (or everything of a leaving rep) to another user, across PCs, with
 * nothing deleted: the account becomes the new user's on the server at once, the new user's
 * PCs are asked to bring it down (with its whole history), and the PCs that had it are asked
 * to let its WhatsApp login go (their local copy stays until an admin wipes the PC). Admins may
 * hand over anything; a lead within their team. Every handover is in the server's audit log.
 */

export class ReassignError extends Error {
  constructor(readonly code: 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT', message: string) {
    super(message);
  }
}

interface Person { id: string; name: string; role: string; team: string | null; disabled_at: number | null }

async function person(sql: Sql, id: string): Promise<Person | null> {
  return (await sql<Person>('SELECT id, name, role, team, disabled_at FROM users WHERE id = $1', [id]))[0] ?? null;
}

const mayManage = (viewer: UserRow, p: Person) => viewer.role === 'admin' || (viewer.role === 'lead' && viewer.team !== null && p.team === viewer.team);

async function plan(sql: Sql, viewer: UserRow, accountId: string, toUserId: string): Promise<ReassignPlan> {
  if (viewer.role === 'rep') throw new ReassignError('FORBIDDEN', 'Only an admin or a lead may hand accounts over.');
  const account = (await sql<{ id: string; label: string; messages: number }>(`SELECT a.id, a.label,
      (SELECT count(*)::int FROM messages m WHERE m.account_id = a.id) AS messages FROM accounts a WHERE a.id = $1`, [accountId]))[0];
  if (!account) throw new ReassignError('NOT_FOUND', 'No such account on the team server.');
  const to = await person(sql, toUserId);
  if (!to || to.disabled_at !== null) throw new ReassignError('NOT_FOUND', 'No such active user to hand the account to.');
  if (!mayManage(viewer, to)) throw new ReassignError('FORBIDDEN', 'A lead hands accounts only to people of their own team.');
  const owners = await sql<Person>(`SELECT u.id, u.name, u.role, u.team, u.disabled_at FROM sb_account_users() o JOIN users u ON u.id = o.user_id
    WHERE o.account_id = $1 ORDER BY u.name`, [accountId]);
  for (const o of owners) if (!mayManage(viewer, o)) throw new ReassignError('FORBIDDEN', 'This account belongs to someone outside your team.');
  if (owners.length === 1 && owners[0]!.id === toUserId) throw new ReassignError('CONFLICT', `${to.name} has this account already.`);
  const devices = await sql<{ name: string; user_id: string; linked: boolean }>(`SELECT d.name, d.user_id,
      EXISTS (SELECT 1 FROM device_accounts da WHERE da.device_id = d.id AND da.team_account_id = $1) AS linked
    FROM devices d WHERE d.revoked_at IS NULL AND (d.user_id = $2 OR EXISTS (SELECT 1 FROM device_accounts da WHERE da.device_id = d.id AND da.team_account_id = $1))
    ORDER BY d.name`, [accountId, toUserId]);
  return {
    accountId, label: account.label, messages: account.messages,
    from: owners.filter((o) => o.id !== toUserId).map((o) => ({ id: o.id, name: o.name })),
    to: { id: to.id, name: to.name },
    restoreOn: devices.filter((d) => d.user_id === toUserId).map((d) => d.name),
    releaseOn: devices.filter((d) => d.user_id !== toUserId && d.linked).map((d) => d.name),
  };
}

async function apply(sql: Sql, viewer: UserRow, p: ReassignPlan, now: number): Promise<void> {
  await sql(`INSERT INTO account_assignments (account_id, user_id, assigned_at, assigned_by) VALUES ($1, $2, $3, $4)
    ON CONFLICT (account_id) DO UPDATE SET user_id = excluded.user_id, assigned_at = excluded.assigned_at, assigned_by = excluded.assigned_by`,
  [p.accountId, p.to.id, now, viewer.id]);
  const devices = await sql<{ id: string; user_id: string; linked: boolean }>(`SELECT d.id, d.user_id,
      EXISTS (SELECT 1 FROM device_accounts da WHERE da.device_id = d.id AND da.team_account_id = $1) AS linked
    FROM devices d WHERE d.revoked_at IS NULL`, [p.accountId]);
  for (const d of devices) {
    if (d.user_id === p.to.id) await queueInbox(sql, d.id, 'restore', { accountIds: [p.accountId] }, now);
    else if (d.linked) await queueInbox(sql, d.id, 'release', { accountId: p.accountId }, now);
  }
  await appendServerAudit(sql, { at: now, actor: viewer.id, action: 'account.reassign', target: p.accountId,
    detail: { from: p.from.map((f) => f.id), to: p.to.id } });
}

/** The plan (`dryRun`), or the plan carried out. */
export async function reassignAccount(pool: Pool, viewer: UserRow, accountId: string, toUserId: string, dryRun: boolean, now = Date.now()): Promise<ReassignPlan> {
  return inTransaction(pool, async (sql) => {
    // one handover at a time: two leads moving the same account must not interleave
    await sql('SELECT pg_advisory_xact_lock(hashtext($1))', [`reassign:${accountId}`]);
    const p = await plan(sql, viewer, accountId, toUserId);
    if (!dryRun) await apply(sql, viewer, p, now);
    return p;
  });
}

/**
 * A leaving rep in one step: each of their accounts handed to `toUserId`, their PCs revoked
 * and their sign-in disabled. The history is on the server already: nothing depends on the
 * leaving rep's PC.
 */
export async function offboardUser(pool: Pool, viewer: UserRow, userId: string, toUserId: string, dryRun: boolean, now = Date.now()): Promise<OffboardReport> {
  if (userId === toUserId) throw new ReassignError('CONFLICT', 'Hand the accounts to someone else than the leaving person.');
  const leaving = await person((t, v) => pool.query(t, v).then((r) => r.rows), userId);
  if (!leaving) throw new ReassignError('NOT_FOUND', 'No such user.');
  if (!mayManage(viewer, leaving) || viewer.id === userId) throw new ReassignError('FORBIDDEN', 'You may not offboard this person.');
  const accounts = (await pool.query<{ account_id: string }>('SELECT account_id FROM sb_account_users() WHERE user_id = $1 ORDER BY account_id',
    [userId])).rows.map((r) => r.account_id);
  const plans: ReassignPlan[] = [];
  for (const a of accounts) plans.push(await reassignAccount(pool, viewer, a, toUserId, dryRun, now));
  const devices = (await pool.query<{ id: string; name: string }>('SELECT id, name FROM devices WHERE user_id = $1 AND revoked_at IS NULL', [userId])).rows;
  // the customers the leaving person owned (set in the console) go to the same person
  const customers = await moveCustomers(pool, viewer, userId, toUserId, dryRun, now);
  if (!dryRun) {
    for (const d of devices) await revokeDevice(pool, d.id, viewer.id, now);
    await inTransaction(pool, async (sql) => {
      await sql('UPDATE users SET disabled_at = $2 WHERE id = $1 AND disabled_at IS NULL', [userId, now]);
      await announceTeamPeople(sql, now);
      await sql('DELETE FROM sessions WHERE user_id = $1', [userId]);
      await appendServerAudit(sql, { at: now, actor: viewer.id, action: 'user.offboard', target: userId,
        detail: { to: toUserId, accounts, customers, devices: devices.map((d) => d.id) } });
    });
  }
  return { accounts: plans, customers, devicesRevoked: devices.map((d) => d.name), user: { id: leaving.id, name: leaving.name } };
}

/** The customers `fromUserId` owns, owned by `toUserId` from `now` (the CRM's latest-wins owner field), on the server and the receiver's PCs. */
async function moveCustomers(pool: Pool, viewer: UserRow, fromUserId: string, toUserId: string, dryRun: boolean, now: number): Promise<string[]> {
  const customers = (await pool.query<{ id: string }>('SELECT id FROM customers WHERE owner_id = $1 ORDER BY id', [fromUserId])).rows.map((r) => r.id);
  if (dryRun || !customers.length) return customers;
  const ops = customers.map((customerId) => ({ op: 'customer' as const, customerId, at: now, by: viewer.id, ownerId: toUserId }));
  await inTransaction(pool, async (sql) => {
    await applyBatchInTransaction(sql, ArchiveBatch.parse(ops), { now, origin: `console:${viewer.id}` });
    const receivers = await sql<{ id: string }>('SELECT id FROM devices WHERE user_id = $1 AND revoked_at IS NULL', [toUserId]);
    for (const d of receivers) await queueInbox(sql, d.id, 'ops', { ops }, now);
  });
  return customers;
}

/** Every customer one person owns, to another (a rep changing territory, a buyer list rebalanced); their accounts stay theirs. */
export async function reassignCustomers(pool: Pool, viewer: UserRow, fromUserId: string, toUserId: string, dryRun: boolean, now = Date.now()):
  Promise<CustomerHandover> {
  if (viewer.role === 'rep') throw new ReassignError('FORBIDDEN', 'Only an admin or a lead may hand customers over.');
  if (fromUserId === toUserId) throw new ReassignError('CONFLICT', 'Hand the customers to someone else.');
  const read = (t: string, v?: unknown[]) => pool.query(t, v).then((r) => r.rows);
  const from = await person(read, fromUserId);
  const to = await person(read, toUserId);
  if (!from) throw new ReassignError('NOT_FOUND', 'No such user.');
  if (!to || to.disabled_at !== null) throw new ReassignError('NOT_FOUND', 'No such active user to hand the customers to.');
  if (!mayManage(viewer, from) || !mayManage(viewer, to)) throw new ReassignError('FORBIDDEN', 'A lead hands customers only within their own team.');
  const customers = await moveCustomers(pool, viewer, fromUserId, toUserId, dryRun, now);
  if (!dryRun && customers.length) {
    await inTransaction(pool, (sql) => appendServerAudit(sql, { at: now, actor: viewer.id, action: 'customers.reassign', target: fromUserId,
      detail: { to: toUserId, customers } }));
  }
  return { from: { id: from.id, name: from.name }, to: { id: to.id, name: to.name }, customers };
}
