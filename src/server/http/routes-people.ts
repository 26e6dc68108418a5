import { LoginRequest, PasswordChange, type MeView, type TeamDeviceView, UserCreate, UserPatch } from '../../shared/team-console-api';
import { inTransaction, type Pool } from '../pg/db';
import { createEnrollmentCode, revokeDevice } from '../team/accounts';
import { verifyPassword } from '../team/passwords';
import { verifyServerAudit } from '../team/server-audit';
import { login, LoginError, logout, type Session, sessionOf } from '../team/sessions';
import { createUser, listUsers, updateUser, UserError, userView } from '../team/users';
import { cookie, HttpError, jsonBody, Reply, type Request } from './request';
import type { Route } from './routes';

/** People signing in (the console), and what admins do to users and devices. */

export const SESSION_COOKIE = 'sb_session';

export type SessionOf = (req: Request) => Promise<Session>;

export function sessionGuard(pool: Pool): SessionOf {
  return async (req) => {
    const token = cookie(req.raw, SESSION_COOKIE);
    const s = token ? await sessionOf(pool, token) : null;
    if (!s) throw new HttpError(401, 'SIGNED_OUT', 'Not signed in, or the session ended; sign in again.');
    return s;
  };
}

const cookieHeader = (req: Request, value: string, maxAgeS: number) =>
  `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeS}${req.https ? '; Secure' : ''}`;

const userErrorToHttp = (err: unknown): never => {
  if (err instanceof UserError) throw new HttpError(err.code === 'NO_SUCH_USER' ? 404 : 409, err.code, err.message);
  throw err;
};

export function peopleRoutes(pool: Pool, session: SessionOf): Route[] {
  const admin = async (req: Request) => {
    const s = await session(req);
    if (s.user.role !== 'admin') throw new HttpError(403, 'ADMIN_ONLY', 'Only an admin may do this.');
    return s;
  };
  const me = (s: Session): MeView => ({ ...userView(s.user), sessionExpiresAt: s.expiresAt });
  return [
    ['POST', '/session', async (req) => {
      const input = await jsonBody(req, LoginRequest);
      try {
        const r = await login(pool, { ...input, ip: req.ip, userAgent: req.raw.headers['user-agent'] ?? null });
        return new Reply(me({ user: r.user, expiresAt: r.expiresAt }), { 'set-cookie': cookieHeader(req, r.token, Math.floor((r.expiresAt - Date.now()) / 1000)) });
      } catch (err) {
        if (!(err instanceof LoginError)) throw err;
        if (err.code === 'LOGIN_THROTTLED') throw new HttpError(429, err.code, err.message, { 'retry-after': String(err.retryAfterS) });
        throw new HttpError(401, err.code, err.message);
      }
    }],
    ['DELETE', '/session', async (req) => {
      const token = cookie(req.raw, SESSION_COOKIE);
      if (token) await logout(pool, token);
      return new Reply({ ok: true }, { 'set-cookie': cookieHeader(req, '', 0) });
    }],
    ['GET', '/me', async (req) => me(await session(req))],
    ['POST', '/me/password', async (req) => {
      const s = await session(req);
      const input = await jsonBody(req, PasswordChange);
      if (!s.user.password_hash || !(await verifyPassword(input.current, s.user.password_hash))) {
        throw new HttpError(403, 'WRONG_PASSWORD', 'The current password is wrong; nothing was changed.');
      }
      await updateUser(pool, s.user.id, { password: input.next }, s.user.id);
      return new Reply({ ok: true, signedOut: true }, { 'set-cookie': cookieHeader(req, '', 0) });
    }],
    ['GET', '/users', async (req) => {
      const s = await session(req);
      return inTransaction(pool, (sql) => listUsers(sql, s.user));
    }],
    ['POST', '/users', async (req) => {
      const s = await admin(req);
      const input = await jsonBody(req, UserCreate);
      const id = await createUser(pool, input, s.user.id).catch(userErrorToHttp);
      return new Reply({ id }, {}, 201);
    }],
    ['PATCH', /^\/users\/([^/]+)$/, async (req) => {
      const s = await admin(req);
      return updateUser(pool, req.params[0]!, await jsonBody(req, UserPatch), s.user.id).catch(userErrorToHttp);
    }],
    ['POST', /^\/users\/([^/]+)\/enrollment-code$/, async (req) => {
      const s = await admin(req);
      const exists = (await pool.query('SELECT 1 FROM users WHERE id = $1 AND disabled_at IS NULL', [req.params[0]])).rows.length > 0;
      if (!exists) throw new HttpError(404, 'NO_SUCH_USER', 'No such active user.');
      return { code: await createEnrollmentCode(pool, req.params[0]!, s.user.id) };
    }],
    ['GET', '/devices', async (req) => {
      await admin(req);
      const rows = (await pool.query<{ id: string; user_id: string; name: string; app_version: string | null; enrolled_at: number;
        last_seen_at: number | null; revoked_at: number | null }>('SELECT * FROM devices ORDER BY enrolled_at')).rows;
      return rows.map((d): TeamDeviceView => ({ id: d.id, userId: d.user_id, name: d.name, appVersion: d.app_version,
        enrolledAt: d.enrolled_at, lastSeenAt: d.last_seen_at, revokedAt: d.revoked_at }));
    }],
    ['POST', /^\/devices\/([^/]+)\/revoke$/, async (req) => {
      const s = await admin(req);
      return { revoked: await revokeDevice(pool, req.params[0]!, s.user.id) };
    }],
    ['GET', '/audit/verify', async (req) => {
      await admin(req);
      return inTransaction(pool, (sql) => verifyServerAudit(sql));
    }],
  ];
}
