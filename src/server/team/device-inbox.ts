import type { Pool, Sql } from '../pg/db';

/**
 * What the server asks of a PC (a handover's restore or release, operations made in the
 * console, the team's people): queued per device inside the caller's transaction, read by
 * the PC with its heartbeat and deleted once it acknowledges them.
 */

export type InboxKind = 'restore' | 'release' | 'ops';

export async function queueInbox(sql: Sql, deviceId: string, kind: InboxKind, payload: object, now: number): Promise<void> {
  await sql('INSERT INTO device_inbox (device_id, kind, payload, created_at) VALUES ($1, $2, $3, $4)', [deviceId, kind, JSON.stringify(payload), now]);
}

/** Items after `ack` (those up to it are done and deleted). */
export async function deviceInbox(pool: Pool, deviceId: string, ack: number | null): Promise<Array<{ seq: number; kind: string; payload: unknown }>> {
  if (ack !== null) await pool.query('DELETE FROM device_inbox WHERE device_id = $1 AND seq <= $2', [deviceId, ack]);
  return (await pool.query<{ seq: number; kind: string; payload: string }>('SELECT seq, kind, payload FROM device_inbox WHERE device_id = $1 ORDER BY seq LIMIT 100',
    [deviceId])).rows.map((r) => ({ seq: r.seq, kind: r.kind, payload: JSON.parse(r.payload) as unknown }));
}
