import { createHash } from 'node:crypto';
import { type LiveEvent, type Snapshot, replayParticipants } from '../../../core/archive/apply/participants';
import type { PgApplyContext, PgDomain } from './context';

/** Rebuilds a group's members and list-derived history from every list and notification kept (the local rule). */
async function recompute(ctx: PgApplyContext, accountId: string, chatId: string): Promise<void> {
  const { sql } = ctx;
  const snapshots = (await sql<{ at: number; hash: string; members: string }>(`SELECT s.at, s.set_hash AS hash, m.members
      FROM participant_snapshots s JOIN participant_sets m ON m.hash = s.set_hash
      WHERE s.account_id = $1 AND s.chat_wa_id = $2 ORDER BY s.at`, [accountId, chatId]))
    .map((r): Snapshot => ({ at: r.at, hash: r.hash, members: JSON.parse(r.members) as Snapshot['members'] }));
  const events = await sql<LiveEvent>(`SELECT contact_wa_id AS "contactId", event, at FROM participant_events
    WHERE account_id = $1 AND chat_wa_id = $2 AND source = 'live'`, [accountId, chatId]);
  const { state, derived } = replayParticipants(snapshots, events);
  await sql('DELETE FROM participants WHERE account_id = $1 AND chat_wa_id = $2', [accountId, chatId]);
  if (state.length > 0) {
    await sql(`INSERT INTO participants (account_id, chat_wa_id, contact_wa_id, role, is_member, since, left_at)
      SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::integer[], $6::bigint[], $7::bigint[])`,
    [accountId, chatId, state.map((p) => p.contactId), state.map((p) => p.role), state.map((p) => (p.isMember ? 1 : 0)),
      state.map((p) => p.since), state.map((p) => p.leftAt)]);
  }
  await sql(`DELETE FROM participant_events WHERE account_id = $1 AND chat_wa_id = $2 AND source = 'list'`, [accountId, chatId]);
  if (derived.length > 0) {
    await sql(`INSERT INTO participant_events (account_id, chat_wa_id, contact_wa_id, event, at, source)
      SELECT $1, $2, c, e, a, 'list' FROM unnest($3::text[], $4::text[], $5::bigint[]) AS d(c, e, a) ON CONFLICT DO NOTHING`,
    [accountId, chatId, derived.map((e) => e.contactId), derived.map((e) => e.event), derived.map((e) => e.at)]);
  }
}

export const groupOps: PgDomain<'setParticipants' | 'participantEvent'> = {
  async setParticipants(ctx, op) {
    await ctx.chatRowId(op.accountId, op.chatId);
    const members = [...new Map(op.participants.map((p) => [p.contactId, p.role]))]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([contactId, role]) => ({ contactId, role }));
    const json = JSON.stringify(members);
    const hash = createHash('sha256').update(json).digest('hex');
    await ctx.sql('INSERT INTO participant_sets (hash, members) VALUES ($1, $2) ON CONFLICT DO NOTHING', [hash, json]);
    await ctx.sql(`INSERT INTO participant_snapshots AS s (account_id, chat_wa_id, at, set_hash) VALUES ($1, $2, $3, $4)
      ON CONFLICT (account_id, chat_wa_id, at) DO UPDATE SET set_hash = GREATEST(s.set_hash, excluded.set_hash)`,
    [op.accountId, op.chatId, op.at, hash]);
    await recompute(ctx, op.accountId, op.chatId);
  },
  async participantEvent(ctx, op) {
    await ctx.chatRowId(op.accountId, op.chatId);
    await ctx.sql(`INSERT INTO participant_events AS e (account_id, chat_wa_id, contact_wa_id, event, at, by_wa_id, source)
      VALUES ($1, $2, $3, $4, $5, $6, 'live') ON CONFLICT (account_id, chat_wa_id, contact_wa_id, event, at, source) DO UPDATE
      SET by_wa_id = GREATEST(coalesce(e.by_wa_id, excluded.by_wa_id), coalesce(excluded.by_wa_id, e.by_wa_id))`,
    [op.accountId, op.chatId, op.contactId, op.event, op.at, op.by]);
    await recompute(ctx, op.accountId, op.chatId);
  },
};
