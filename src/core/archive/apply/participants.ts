/**
 * Group membership as a pure function of everything we were told: full participant lists
 * seen at some time (snapshots) and live notifications (join, leave, promote, demote).
 * Replaying them in time order gives the same state and history whatever order they
 * arrived in, which is what lets re-syncs, replays and imports converge.
 */

export type Role = 'member' | 'admin' | 'superadmin';
export type MembershipEvent = 'join' | 'leave' | 'promote' | 'demote';

export interface Snapshot {
  at: number;
  /** Identifies the member list; equal lists have equal hashes. */
  hash: string;
  members: ReadonlyArray<{ contactId: string; role: Role }>;
}

export interface LiveEvent {
  at: number;
  contactId: string;
  event: MembershipEvent;
}

export interface ParticipantState {
  contactId: string;
  role: Role;
  isMember: boolean;
  /** When we saw them join; null for members already there when we first looked. */
  since: number | null;
  leftAt: number | null;
}

export interface DerivedEvent {
  contactId: string;
  event: MembershipEvent;
  at: number;
}

type Step = { at: number; order: 0; live: LiveEvent } | { at: number; order: 1; snap: Snapshot };

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Live events at time t happened before a list taken at t; ties among events sort by contact and kind. */
function timeline(snapshots: readonly Snapshot[], events: readonly LiveEvent[]): Step[] {
  const steps: Step[] = [
    ...events.map((live): Step => ({ at: live.at, order: 0, live })),
    ...snapshots.map((snap): Step => ({ at: snap.at, order: 1, snap })),
  ];
  return steps.sort((a, b) => a.at - b.at || a.order - b.order ||
    (a.order === 0 && b.order === 0 ? cmp(a.live.contactId, b.live.contactId) || cmp(a.live.event, b.live.event) : 0));
}

export function replayParticipants(snapshots: readonly Snapshot[], events: readonly LiveEvent[]): {
  state: ParticipantState[];
  derived: DerivedEvent[];
} {
  const state = new Map<string, ParticipantState>();
  const derived: DerivedEvent[] = [];
  let seenList = false;
  let lastHash: string | null = null;
  let liveSinceLastList = false;
  for (const step of timeline(snapshots, events)) {
    if (step.order === 0) {
      const { contactId, event, at } = step.live;
      const cur = state.get(contactId) ?? { contactId, role: 'member', isMember: false, since: null, leftAt: null };
      if (event === 'join') state.set(contactId, { ...cur, isMember: true, since: at, leftAt: null });
      else if (event === 'leave') state.set(contactId, { ...cur, isMember: false, leftAt: at });
      else state.set(contactId, { ...cur, role: event === 'promote' ? 'admin' : 'member' });
      liveSinceLastList = true;
      continue;
    }
    const snap = step.snap;
    // An unchanged list with nothing in between changes nothing: skip the work.
    if (snap.hash === lastHash && !liveSinceLastList) continue;
    lastHash = snap.hash;
    liveSinceLastList = false;
    const listed = new Map(snap.members.map((m) => [m.contactId, m.role]));
    for (const [contactId, role] of listed) {
      const cur = state.get(contactId);
      if (!cur || !cur.isMember) {
        if (seenList || cur) derived.push({ contactId, event: 'join', at: snap.at });
        state.set(contactId, { contactId, role, isMember: true, since: seenList || cur ? snap.at : null, leftAt: null });
      } else if (cur.role !== role) {
        derived.push({ contactId, event: role === 'member' ? 'demote' : 'promote', at: snap.at });
        state.set(contactId, { ...cur, role });
      }
    }
    for (const cur of state.values()) {
      if (cur.isMember && !listed.has(cur.contactId)) {
        derived.push({ contactId: cur.contactId, event: 'leave', at: snap.at });
        state.set(cur.contactId, { ...cur, isMember: false, leftAt: snap.at });
      }
    }
    seenList = true;
  }
  return { state: [...state.values()], derived };
}
