import { randomBytes } from 'node:crypto';
import { inTransaction, type Pool } from '../pg/db';
import { sha256 } from './accounts';
import { decoyHash, verifyPassword } from './passwords';
import { appendServerAudit } from './server-audit';
import type { UserRow } from './users';

/**
 * Signing in to the team server. A session is a random token in an HttpOnly cookie, stored
 * hashed; it ends after SESSION_IDLE_MS without use or SESSION_MAX_MS after sign-in,
 * whichever comes first, and at once when the user is disabled or their password reset.
 * Failed sign-ins are counted per login and per address in PostgreSQL (so every server
 * instance throttles alike); over the limit, sign-in is refused until the window passes.
 */

export const SESSION_IDLE_MS = 12 * 3600_000;
export const SESSION_MAX_MS = 7 * 24 * 3600_000;
export const THROTTLE_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_LOGIN = 5;
export const MAX_FAILURES_PER_ADDRESS = 30;
/** A session's expiry is moved on at most this often (not a write on every request). */
const TOUCH_EVERY_MS = 60_000;

export class LoginError extends Error {
  constructor(readonly code: 'LOGIN_FAILED' | 'LOGIN_THROTTLED', message: string, readonly retryAfterS = 0) {
    super(message);
  }
}

export interface Session {
  user: UserRow;
  expiresAt: number;
}

const loginKey = (login: string) => `login:${login.toLowerCase()}`;
const addressKey = (ip: string) => `ip:${ip}`;

export async function login(pool: Pool, input: { login: string; password: string; ip: string; userAgent?: string | null },
  now = Date.now()): Promise<{ token: string; user: UserRow; expiresAt: number }> {
  const since = now - THROTTLE_WINDOW_MS;
  const failures = await pool.query<{ key: string; n: number; oldest: number }>(
    `SELECT key, count(*)::int AS n, min(at) AS oldest FROM login_failures WHERE key = ANY($1::text[]) AND at > $2 GROUP BY key`,
    [[loginKey(input.login), addressKey(input.ip)], since]);
  for (const f of failures.rows) {
    const max = f.key.startsWith('ip:') ? MAX_FAILURES_PER_ADDRESS : MAX_FAILURES_PER_LOGIN;
    if (f.n >= max) {
      const retryAfterS = Math.max(1, Math.ceil((f.oldest + THROTTLE_WINDOW_MS - now) / 1000));
      throw new LoginError('LOGIN_THROTTLED', `Too many failed sign-ins; try again in ${Math.ceil(retryAfterS / 60)} min.`, retryAfterS);
    }
  }
  const user = (await pool.query<UserRow>('SELECT * FROM users WHERE login = $1', [input.login])).rows[0];
  const ok = user?.password_hash ? await verifyPassword(input.password, user.password_hash) : (await verifyPassword(input.password, await decoyHash()), false);
  if (!user || !ok || user.disabled_at !== null) {
    await pool.query(`INSERT INTO login_failures (key, at) VALUES ($1, $3), ($2, $3)`, [loginKey(input.login), addressKey(input.ip), now]);
    await pool.query('DELETE FROM login_failures WHERE at < $1', [now - 24 * 3600_000]);
    throw new LoginError('LOGIN_FAILED', 'Wrong login or password (or the user is disabled).');
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = Math.min(now + SESSION_IDLE_MS, now + SESSION_MAX_MS);
  await inTransaction(pool, async (sql) => {
    await sql('DELETE FROM login_failures WHERE key = $1', [loginKey(input.login)]);
    await sql(`INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, ip, user_agent) VALUES ($1, $2, $3, $3, $4, $5, $6)`,
      [sha256(token), user.id, now, expiresAt, input.ip, input.userAgent?.slice(0, 256) ?? null]);
    await appendServerAudit(sql, { at: now, actor: user.id, action: 'session.login', target: user.id, detail: { ip: input.ip } });
  });
  return { token, user, expiresAt };
}

/** The session of a cookie token, its expiry moved on; null when unknown, expired or the user disabled. */
export async function sessionOf(pool: Pool, token: string, now = Date.now()): Promise<Session | null> {
  const row = (await pool.query<UserRow & { s_created: number; s_seen: number; s_expires: number }>(
    `SELECT u.*, s.created_at AS s_created, s.last_seen_at AS s_seen, s.expires_at AS s_expires
      FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`, [sha256(token)])).rows[0];
  if (!row || row.s_expires <= now || row.disabled_at !== null) return null;
  let expiresAt = row.s_expires;
  if (now - row.s_seen >= TOUCH_EVERY_MS) {
    expiresAt = Math.min(now + SESSION_IDLE_MS, row.s_created + SESSION_MAX_MS);
    await pool.query('UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE token_hash = $1', [sha256(token), now, expiresAt]);
  }
  const { s_created: _c, s_seen: _s, s_expires: _e, ...user } = row;
  return { user, expiresAt };
}

export async function logout(pool: Pool, token: string): Promise<void> {
  await pool.query('DELETE FROM sessions WHERE token_hash = $1', [sha256(token)]);
}
