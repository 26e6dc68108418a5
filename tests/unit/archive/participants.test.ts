import { describe, expect, it } from 'vitest';
import { replayParticipants, type Snapshot } from '../../../src/core/archive/apply/participants';

const list = (at: number, ...members: Array<[string, 'member' | 'admin']>): Snapshot => ({
  at,
  hash: JSON.stringify(members),
  members: members.map(([contactId, role]) => ({ contactId, role })),
});

describe('group membership replay', () => {
  it('members of the first list are there since before we looked; later lists give joins, leaves and role changes', () => {
    const { state, derived } = replayParticipants(
      [list(10, ['a', 'admin'], ['b', 'member']), list(20, ['a', 'member'], ['c', 'member'])],
      [],
    );
    expect(state).toEqual([
      { contactId: 'a', role: 'member', isMember: true, since: null, leftAt: null },
      { contactId: 'b', role: 'member', isMember: false, since: null, leftAt: 20 },
      { contactId: 'c', role: 'member', isMember: true, since: 20, leftAt: null },
    ]);
    expect(derived).toEqual([
      { contactId: 'a', event: 'demote', at: 20 },
      { contactId: 'c', event: 'join', at: 20 },
      { contactId: 'b', event: 'leave', at: 20 },
    ]);
  });

  it('a live leave between two equal lists means the member came back', () => {
    const { state, derived } = replayParticipants(
      [list(10, ['a', 'member'], ['b', 'member']), list(30, ['a', 'member'], ['b', 'member'])],
      [{ at: 20, contactId: 'b', event: 'leave' }],
    );
    expect(state.find((p) => p.contactId === 'b')).toEqual({ contactId: 'b', role: 'member', isMember: true, since: 30, leftAt: null });
    expect(derived).toEqual([{ contactId: 'b', event: 'join', at: 30 }]);
  });

  it('live events agree with a later list: nothing is derived twice', () => {
    const { derived, state } = replayParticipants(
      [list(10, ['a', 'member']), list(30, ['a', 'admin'], ['b', 'member'])],
      [{ at: 20, contactId: 'b', event: 'join' }, { at: 25, contactId: 'a', event: 'promote' }],
    );
    expect(derived).toEqual([]);
    expect(state.map((p) => [p.contactId, p.role, p.isMember, p.since])).toEqual([['a', 'admin', true, null], ['b', 'member', true, 20]]);
  });
});
