import { z } from 'zod';

/**
 * Electron IPC channel names on the wire. The preloads may only import types from
 * src/shared (they are bundled without npm packages), so they restate these values under
 * `satisfies`, which makes the compiler check that both sides agree.
 */

/**
 * App renderer ↔ main: one ipcMain handler per contract channel (`sb:invoke:<channel>`)
 * and one IPC channel per contract event (`sb:event:<event>`), so nothing outside the
 * contract has a handler and the preload cannot reach any other channel.
 */
export const APP_WIRE = {
  invokePrefix: 'sb:invoke:',
  eventPrefix: 'sb:event:',
} as const;
export type AppWire = typeof APP_WIRE;

/**
 * Account view preload ↔ main. Separate from the app contract: these come from a
 * WhatsApp page's process and carry no account id — main knows which account a
 * webContents belongs to and never asks the page.
 */
export const ACCOUNT_VIEW_CHANNELS = {
  /** preload → main: WhatsApp Web created a notification. */
  notify: 'sb:account:notify',
  /** preload → main: unread counts changed. */
  unread: 'sb:account:unread',
  /** main → preload: the user clicked the native notification with this id. */
  notificationClick: 'sb:account:notification-click',
} as const;
export type AccountViewChannels = typeof ACCOUNT_VIEW_CHANNELS;

export const PageNotificationSchema = z.object({
  id: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  title: z.string().max(1000),
  body: z.string().max(10_000),
  tag: z.string().max(1000).nullable(),
  silent: z.boolean(),
});
export type PageNotificationMessage = z.infer<typeof PageNotificationSchema>;

export const UnreadReportSchema = z.object({
  adapter: z.string().max(40),
  unread: z.number().int().min(0).max(1_000_000),
  unreadMuted: z.number().int().min(0).max(1_000_000),
  chatsWithUnread: z.number().int().min(0).max(100_000),
});
export type UnreadReport = z.infer<typeof UnreadReportSchema>;
