import type { AccountView } from '../../shared/account-views';
import { call, subscribe } from '../api/client';
import { createStore } from '../lib/store';
import { reportError } from './toasts';

export interface AccountsState {
  list: AccountView[];
  loaded: boolean;
}

export const accountsStore = createStore<AccountsState>({ list: [], loaded: false });

function patch(accountId: string, change: (a: AccountView) => AccountView): void {
  accountsStore.set((s) => ({ ...s, list: s.list.map((a) => (a.id === accountId ? change(a) : a)) }));
}

/** A captured message changed the account's unread count (the chat feed hears it: state/chat-feed.ts). */
export function setAccountUnread(accountId: string, unread: number): void {
  patch(accountId, (a) => ({ ...a, unread }));
}

let loading: Promise<void> | null = null;
export function reloadAccounts(): Promise<void> {
  loading ??= call('accounts.list', {})
    .then((list) => accountsStore.set({ list, loaded: true }))
    .catch(reportError)
    .finally(() => {
      loading = null;
    });
  return loading;
}

/** Keeps the account list current from contract events; returns the unsubscribe. */
export function syncAccounts(): () => void {
  void reloadAccounts();
  const offs = [
    subscribe('accounts.changed', () => void reloadAccounts()),
    subscribe('account.state', (e) =>
      patch(e.accountId, (a) => ({
        ...a,
        state: e.state,
        detail: e.detail,
        stateChangedAt: e.at,
        qr: e.state === 'needs_qr' ? a.qr : null,
        sync: e.state === 'syncing' ? a.sync : null,
      }))),
    subscribe('account.qr', (e) => patch(e.accountId, (a) => ({ ...a, qr: e.qr }))),
    subscribe('account.sync', (e) => patch(e.accountId, (a) => ({ ...a, sync: e.phase === 'done' ? null : e }))),
    subscribe('unread.changed', (e) => patch(e.accountId, (a) => ({ ...a, unread: e.accountUnread }))),
  ];
  return () => offs.forEach((off) => off());
}
