import type { TeamStatusView } from '../../shared/team-views';
import { call, subscribe } from '../api/client';
import { createStore } from '../lib/store';
import { reportError, toast } from './toasts';
import { ui } from './ui';

/** The team server as this window knows it: enrollment and replication state (Settings → Team, the rail). */
export const teamStore = createStore<TeamStatusView | null>(null);

export function reloadTeam(): Promise<void> {
  return call('team.status', {}).then((s) => teamStore.set(s), reportError);
}

export function syncTeam(): () => void {
  void reloadTeam();
  const offState = subscribe('team.state', (replication) => teamStore.set((s) => (s ? { ...s, replication } : s)));
  // a lead handed an account to this PC's user (it came down with its history), or took one away
  const offAssignment = subscribe('team.assignment', (a) => {
    if (a.kind === 'restored') {
      toast('info', 'teamServer.assigned', { accounts: a.accountIds.length },
        { key: 'common.show', run: () => ui.patch({ screen: 'live', activeAccountId: a.accountIds[0] ?? null }) });
    }
    else toast('info', 'teamServer.released', { number: a.accountId.split('@')[0] ?? a.accountId });
  });
  return () => {
    offState();
    offAssignment();
  };
}
