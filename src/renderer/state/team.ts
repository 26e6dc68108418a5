import type { TeamStatusView } from '../../shared/team-views';
import { call, subscribe } from '../api/client';
import { createStore } from '../lib/store';
import { reportError } from './toasts';

/** The team server as this window knows it: enrollment and replication state (Settings → Team, the rail). */
export const teamStore = createStore<TeamStatusView | null>(null);

export function reloadTeam(): Promise<void> {
  return call('team.status', {}).then((s) => teamStore.set(s), reportError);
}

export function syncTeam(): () => void {
  void reloadTeam();
  return subscribe('team.state', (replication) => teamStore.set((s) => (s ? { ...s, replication } : s)));
}
