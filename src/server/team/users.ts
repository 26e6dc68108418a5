import { randomUUID } from 'node:crypto';
import type { TeamRole, TeamUserView, UserPatch } from '../../shared/team-console-api';
import { inTransaction, type Pool, type Sql } from '../pg/db';
import { hashPassword } from './passwords';
import { appendServerAudit } from './server-audit';
import { announceTeamPeople } from './team-people';

/** People who sign in to the team server: admins, leads (who see their team) and reps. */

export interface UserRow {
  id: string;
  login: string;
  name: string;
  role: TeamRole;
  team: string | null;
  password_hash: string | null;
  created_at: number;
  disabled_at: number | null;
}

export const userView = (u: UserRow): TeamUserView => ({
  id: u.id, login: u.login, name: u.name, role: u.role, team: u.team, disabled: u.disabled_at !== null,
  hasPassword: u.password_hash !== null, createdAt: u.created_at,
});

export class UserError extends Error {
  constructor(readonly code: 'LOGIN_TAKEN' | 'NO_SUCH_USER' | 'LAST_ADMIN', message: string) {
    super(message);
  }
}

export async function createUser(pool: Pool, u: { login: string; name: string; role: TeamRole; team?: string | null; password?: string | null },
  actor: string, now = Date.now()): Promise<string> {
  const id = randomUUID();
  const hash = u.password ? await hashPassword(u.password) : null;
  await inTransaction(pool, async (sql) => {
    const taken = await sql('SELECT 1 FROM users WHERE login = $1', [u.login]);
    if (taken.length) throw new UserError('LOGIN_TAKEN', `The login "${u.login}" is taken; choose another.`);
    await sql(`INSERT INTO users (id, login, name, role, team, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, u.login, u.name, u.role, u.team ?? null, hash, now]);
    await appendServerAudit(sql, { at: now, actor, action: 'user.create', target: id, detail: { login: u.login, role: u.role, team: u.team ?? null } });
    await announceTeamPeople(sql, now);
  });
  return id;
}

export async function userById(sql: Sql, id: string): Promise<UserRow | null> {
  return (await sql<UserRow>('SELECT * FROM users WHERE id = $1', [id]))[0] ?? null;
}

export async function userByLogin(sql: Sql, login: string): Promise<UserRow | null> {
  return (await sql<UserRow>('SELECT * FROM users WHERE login = $1', [login]))[0] ?? null;
}

/** Everyone for an admin; a lead's own team (and themselves); a rep only themselves. */
export async function listUsers(sql: Sql, viewer: UserRow): Promise<TeamUserView[]> {
  const rows = viewer.role === 'admin'
    ? await sql<UserRow>('SELECT * FROM users ORDER BY login')
    : viewer.role === 'lead' && viewer.team !== null
      ? await sql<UserRow>('SELECT * FROM users WHERE team = $1 OR id = $2 ORDER BY login', [viewer.team, viewer.id])
      : [viewer];
  return rows.map(userView);
}

/**
 * An admin's change to a user; each kind of change is its own audit entry (a role change,
 * a team move, a password reset, disabling). Disabling ends the user's sessions at once.
 * The last active admin cannot be demoted or disabled: the server would have no one to run it.
 */
export async function updateUser(pool: Pool, id: string, patch: UserPatch, actor: string, now = Date.now()): Promise<TeamUserView> {
  const hash = patch.password ? await hashPassword(patch.password) : undefined;
  return inTransaction(pool, async (sql) => {
    const before = (await sql<UserRow>('SELECT * FROM users WHERE id = $1 FOR UPDATE', [id]))[0];
    if (!before) throw new UserError('NO_SUCH_USER', 'No such user.');
    const losesAdmin = before.role === 'admin' && before.disabled_at === null
      && ((patch.role !== undefined && patch.role !== 'admin') || patch.disabled === true);
    if (losesAdmin) {
      const others = await sql(`SELECT 1 FROM users WHERE role = 'admin' AND disabled_at IS NULL AND id <> $1 FOR UPDATE`, [id]);
      if (others.length === 0) throw new UserError('LAST_ADMIN', 'This is the last active admin; make another user admin first.');
    }
    const audit = (action: string, detail: object) => appendServerAudit(sql, { at: now, actor, action, target: id, detail });
    if (patch.name !== undefined && patch.name !== before.name) {
      await sql('UPDATE users SET name = $2 WHERE id = $1', [id, patch.name]);
      await audit('user.rename', { from: before.name, to: patch.name });
    }
    if (patch.role !== undefined && patch.role !== before.role) {
      await sql('UPDATE users SET role = $2 WHERE id = $1', [id, patch.role]);
      await audit('user.role', { from: before.role, to: patch.role });
    }
    if (patch.team !== undefined && patch.team !== before.team) {
      await sql('UPDATE users SET team = $2 WHERE id = $1', [id, patch.team]);
      await audit('user.team', { from: before.team, to: patch.team });
    }
    if (hash !== undefined) {
      await sql('UPDATE users SET password_hash = $2 WHERE id = $1', [id, hash]);
      await sql('DELETE FROM sessions WHERE user_id = $1', [id]);
      await audit('user.password', {});
    }
    if (patch.disabled !== undefined && patch.disabled !== (before.disabled_at !== null)) {
      await sql('UPDATE users SET disabled_at = $2 WHERE id = $1', [id, patch.disabled ? now : null]);
      if (patch.disabled) await sql('DELETE FROM sessions WHERE user_id = $1', [id]);
      await audit(patch.disabled ? 'user.disable' : 'user.enable', {});
    }
    // how the PCs show this person (name, admin or not, active) may have changed
    if ((patch.name !== undefined && patch.name !== before.name) || (patch.role !== undefined && patch.role !== before.role)
      || (patch.disabled !== undefined && patch.disabled !== (before.disabled_at !== null))) await announceTeamPeople(sql, now);
    return userView((await sql<UserRow>('SELECT * FROM users WHERE id = $1', [id]))[0]!);
  });
}
