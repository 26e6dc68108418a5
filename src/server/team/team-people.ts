import type { Sql } from '../pg/db';
import { queueInbox } from './device-inbox';

/**
 * The team's users are people on every enrolled PC too: a customer's owner set in the
 * console (a user) has a name on the rep's PC, and a rep can pick a colleague as owner there,
 * whom the console shows. Whenever users change, every PC's inbox gets the list as
 * `upsertPerson` operations, applied like any other.
 */

/** How a team user appears as a person (on the PCs and in the console's owner lists). */
export function personOf(u: { id: string; name: string; role: string; disabled: boolean }) {
  return { id: u.id, name: u.name, role: u.role === 'admin' ? 'admin' as const : 'rep' as const, active: !u.disabled };
}

/** Queues the users as people for the given PCs (default: every PC not revoked), inside the caller's transaction. */
export async function announceTeamPeople(sql: Sql, now: number, deviceIds?: readonly string[]): Promise<void> {
  const users = await sql<{ id: string; name: string; role: string; disabled_at: number | null }>('SELECT id, name, role, disabled_at FROM users ORDER BY id');
  const ops = users.map((u) => {
    const p = personOf({ ...u, disabled: u.disabled_at !== null });
    return { op: 'upsertPerson', personId: p.id, name: p.name, role: p.role, active: p.active };
  });
  const targets = deviceIds ?? (await sql<{ id: string }>('SELECT id FROM devices WHERE revoked_at IS NULL')).map((d) => d.id);
  for (const deviceId of targets) {
    await queueInbox(sql, deviceId, 'ops', { ops }, now);
  }
}
