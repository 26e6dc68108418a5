import type { NotificationItem } from '../../shared/account-views';
import { call, subscribe } from '../api/client';
import { createStore } from '../lib/store';
import { reportError } from './toasts';

export const notificationsStore = createStore<{ items: NotificationItem[]; unread: number }>({ items: [], unread: 0 });

export function reloadNotifications(): void {
  call('notifications.list', { limit: 200 }).then((r) => notificationsStore.set(r)).catch(reportError);
}

export function syncNotifications(): () => void {
  reloadNotifications();
  return subscribe('notifications.changed', () => reloadNotifications());
}
