/**
 * The per-account preload: sandboxed, no Node. It (1) replaces WhatsApp Web's
 * Notification so notifications reach main, and (2) reports unread counts read from
 * WhatsApp's own IndexedDB. It knows nothing about which account it serves.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { AccountViewChannels } from '../shared/ipc-wire';
import { installNotificationShim, type NotificationPayload } from './notification-shim';
import { MODEL_STORAGE_V1, readChatRows, summarizeChats, type IdbLike, type UnreadSummary } from './unread-adapter';

const CHANNELS = {
  notify: 'sb:account:notify',
  unread: 'sb:account:unread',
  notificationClick: 'sb:account:notification-click',
} as const satisfies AccountViewChannels;

const UNREAD_POLL_MS = 4000;

let clickHandler: ((id: number) => void) | null = null;

contextBridge.executeInMainWorld({
  func: installNotificationShim,
  args: [
    {
      notify: (payload: NotificationPayload) => ipcRenderer.send(CHANNELS.notify, payload),
      onClick: (handler: (id: number) => void) => {
        clickHandler = handler;
      },
    },
  ],
});

ipcRenderer.on(CHANNELS.notificationClick, (_event, id: unknown) => {
  if (typeof id === 'number' && clickHandler) clickHandler(id);
});

let last = '';
const idb = (globalThis as unknown as { indexedDB: IdbLike }).indexedDB;

async function reportUnread(): Promise<void> {
  let summary: UnreadSummary;
  try {
    const rows = await readChatRows(idb, MODEL_STORAGE_V1);
    summary = summarizeChats(rows ?? [], Date.now());
  } catch {
    // A storage layout this adapter doesn't know: report nothing unread rather than stale counts.
    summary = { adapter: `${MODEL_STORAGE_V1.id}!`, unread: 0, unreadMuted: 0, chatsWithUnread: 0 };
  }
  const key = JSON.stringify(summary);
  if (key === last) return;
  last = key;
  ipcRenderer.send(CHANNELS.unread, summary);
}

setInterval(() => void reportUnread(), UNREAD_POLL_MS);
