import { createHash } from 'node:crypto';
import type { Db } from '../open';
import { type ApplyContext, type Domain, statements } from './context';
import { type LiveEvent, type Snapshot, replayParticipants } from './participants';

/**
 * Group membership: every member list and every live notification is kept, and the members
 * and list-derived history are replayed from all of them (participants.ts), so lists and
 * notifications arriving in any order give the same members.
 */
export function groupDomain(db: Db): Domain<'setParticipants' | 'participantEvent'> {
  const s = statements(db, {
    setPut: 'INSERT INTO participant_sets (hash, members) VALUES (?, ?) ON CONFLICT DO NOTHING',
    snapshotPut: `INSERT INTO participant_snapshots (account_id, chat_wa_id, at, set_hash) VALUES (?, ?, ?, ?)
      ON CONFLICT DO UPDATE SET set_hash = max(set_hash, excluded.set_hash)`,
    snapshotsOf: `SELECT s.at, s.set_hash AS hash, m.members FROM participant_snapshots s
      JOIN participant_sets m ON m.hash = s.set_hash WHERE s.account_id = ? AND s.chat_wa_id = ? ORDER BY s.at`,
    liveEventPut: `INSERT INTO participant_events (account_id, chat_wa_id, contact_wa_id, event, at, by_wa_id, source)
      VALUES (?, ?, ?, ?, ?, ?, 'live') ON CONFLICT DO UPDATE
      SET by_wa_id = max(coalesce(by_wa_id, excluded.by_wa_id), coalesce(excluded.by_wa_id, by_wa_id))`,
    liveEventsOf: `SELECT contact_wa_id AS contactId, event, at FROM participant_events
      WHERE account_id = ? AND chat_wa_id = ? AND source = 'live'`,
    listEventsClear: `DELETE FROM participant_events WHERE account_id = ? AND chat_wa_id = ? AND source = 'list'`,
    listEventPut: `INSERT INTO participant_events (account_id, chat_wa_id, contact_wa_id, event, at, source)
      VALUES (?, ?, ?, ?, ?, 'list') ON CONFLICT DO NOTHING`,
    clear: 'DELETE FROM participants WHERE account_id = ? AND chat_wa_id = ?',
    put: `INSERT INTO participants (account_id, chat_wa_id, contact_wa_id, role, is_member, since, left_at)
      VALUES (?, ?, ?, ?, ?, ?, ?)`,
  });

  /** Rebuilds a group's members and list-derived history from every list and notification kept. */
  function recompute(accountId: string, chatId: string): void {
    const snapshots = (s.snapshotsOf.all(accountId, chatId) as { at: number; hash: string; members: string }[])
      .map((r): Snapshot => ({ at: r.at, hash: r.hash, members: JSON.parse(r.members) as Snapshot['members'] }));
    const events = s.liveEventsOf.all(accountId, chatId) as LiveEvent[];
    const { state, derived } = replayParticipants(snapshots, events);
    s.clear.run(accountId, chatId);
    for (const p of state) s.put.run(accountId, chatId, p.contactId, p.role, p.isMember ? 1 : 0, p.since, p.leftAt);
    s.listEventsClear.run(accountId, chatId);
    for (const e of derived) s.listEventPut.run(accountId, chatId, e.contactId, e.event, e.at);
  }

  return {
    setParticipants(ctx: ApplyContext, op) {
      ctx.chatRowId(op.accountId, op.chatId);
      const members = [...new Map(op.participants.map((p) => [p.contactId, p.role]))]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([contactId, role]) => ({ contactId, role }));
      const list = JSON.stringify(members);
      const hash = createHash('sha256').update(list).digest('hex');
      s.setPut.run(hash, list);
      s.snapshotPut.run(op.accountId, op.chatId, op.at, hash);
      recompute(op.accountId, op.chatId);
    },
    participantEvent(ctx, op) {
      ctx.chatRowId(op.accountId, op.chatId);
      s.liveEventPut.run(op.accountId, op.chatId, op.contactId, op.event, op.at, op.by);
      recompute(op.accountId, op.chatId);
    },
  };
}
