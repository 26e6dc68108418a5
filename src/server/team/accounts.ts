import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { inTransaction, type Pool } from '../pg/db';
import { appendServerAudit } from './server-audit';
import { announceTeamPeople } from './team-people';

export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** Enrollment codes people can read out and type: 16 characters without look-alikes, in groups of four. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export function newEnrollmentCode(): string {
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
  return chars.match(/.{4}/g)!.join('-');
}
const normalizeCode = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');

export async function createEnrollmentCode(pool: Pool, userId: string, actor: string, ttlMs = 7 * 24 * 3600_000, now = Date.now()): Promise<string> {
  const code = newEnrollmentCode();
  await inTransaction(pool, async (sql) => {
    await sql('INSERT INTO enrollment_codes (code_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)',
      [sha256(normalizeCode(code)), userId, now, now + ttlMs]);
    await appendServerAudit(sql, { at: now, actor, action: 'enrollment.code', target: userId });
  });
  return code;
}

export class EnrollmentError extends Error {
  readonly code = 'ENROLLMENT_REFUSED';
}

/** Spends a one-time code: a new device for the code's user, and its bearer token (shown once, stored hashed). */
export async function enrollDevice(pool: Pool, input: { code: string; deviceName: string; appVersion?: string | null }, now = Date.now()):
  Promise<{ deviceId: string; token: string; userId: string }> {
  const deviceId = randomUUID();
  const token = randomBytes(32).toString('base64url');
  return inTransaction(pool, async (sql) => {
    const row = (await sql<{ user_id: string; expires_at: number; used_at: number | null }>(
      'SELECT user_id, expires_at, used_at FROM enrollment_codes WHERE code_hash = $1 FOR UPDATE', [sha256(normalizeCode(input.code))]))[0];
    if (!row) throw new EnrollmentError('This enrollment code is not known to the server. Check it, or ask the administrator for a new one.');
    if (row.used_at !== null) throw new EnrollmentError('This enrollment code was already used. Ask the administrator for a new one.');
    if (row.expires_at < now) throw new EnrollmentError('This enrollment code has expired. Ask the administrator for a new one.');
    await sql('UPDATE enrollment_codes SET used_at = $2, used_by_device = $3 WHERE code_hash = $1', [sha256(normalizeCode(input.code)), now, deviceId]);
    await sql(`INSERT INTO devices (id, user_id, name, token_hash, app_version, enrolled_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $6, $6)`,
      [deviceId, row.user_id, input.deviceName, sha256(token), input.appVersion ?? null, now]);
    await appendServerAudit(sql, { at: now, actor: row.user_id, action: 'device.enroll', target: deviceId, detail: { name: input.deviceName } });
    await announceTeamPeople(sql, now, [deviceId]);
    return { deviceId, token, userId: row.user_id };
  });
}

export async function revokeDevice(pool: Pool, deviceId: string, actor: string, now = Date.now()): Promise<boolean> {
  return inTransaction(pool, async (sql) => {
    const rows = await sql('UPDATE devices SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id', [deviceId, now]);
    if (rows.length) await appendServerAudit(sql, { at: now, actor, action: 'device.revoke', target: deviceId });
    return rows.length > 0;
  });
}

export interface DeviceAuth {
  deviceId: string;
  userId: string;
  revoked: boolean;
}

export async function deviceByToken(pool: Pool, token: string): Promise<DeviceAuth | null> {
  const row = (await pool.query<{ id: string; user_id: string; revoked_at: number | null }>(
    'SELECT id, user_id, revoked_at FROM devices WHERE token_hash = $1', [sha256(token)])).rows[0];
  return row ? { deviceId: row.id, userId: row.user_id, revoked: row.revoked_at !== null } : null;
}
