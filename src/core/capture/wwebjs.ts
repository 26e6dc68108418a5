import wwebjs from 'whatsapp-web.js';
import type { Browser, Page } from 'puppeteer-core';

/**
 * The one place that knows whatsapp-web.js internals. Its typings describe `pupPage` and
 * `pupBrowser` against the `puppeteer` package (here an alias of puppeteer-core, but a
 * separate copy of the declarations) and leave out `inject()`, which attaching needs.
 * Everything else in capture goes through the functions below.
 */

export const { Client, NoAuth } = wwebjs;
export type WClient = wwebjs.Client;
export type WMessage = wwebjs.Message;
export type WChat = wwebjs.Chat;
export type WGroupChat = wwebjs.GroupChat;
export type WContact = wwebjs.Contact;
export type WReaction = wwebjs.Reaction;
export type WGroupNotification = wwebjs.GroupNotification;

interface ClientInternals {
  pupBrowser: Browser | null;
  pupPage: Page | null;
  lastLoggedOut: boolean;
  inject(): Promise<void>;
  authStrategy: {
    beforeBrowserInitialized(): Promise<void>;
    afterBrowserInitialized(): Promise<void>;
  };
}

/** The narrow cast: what AttachedClient needs of a Client beyond its published typings. */
export function internals(client: WClient): ClientInternals {
  return client as unknown as ClientInternals;
}

/**
 * Page functions whatsapp-web.js 1.34.7 exposes with page.exposeFunction (inject and
 * attachEventListeners). A detached client removes them so the next client on the same
 * page gets its own; a test keeps this list in step with the installed Client.js.
 */
export const EXPOSED_FUNCTIONS = [
  'onQRChangedEvent',
  'onCodeReceivedEvent',
  'onAuthAppStateChangedEvent',
  'onAppStateHasSyncedEvent',
  'onOfflineProgressUpdateEvent',
  'onLogoutEvent',
  'onAddMessageEvent',
  'onChangeMessageTypeEvent',
  'onChangeMessageEvent',
  'onRemoveMessageEvent',
  'onMessageAckEvent',
  'onChatUnreadCountEvent',
  'onMessageMediaUploadedEvent',
  'onAppStateChangedEvent',
  'onBatteryStateChangedEvent',
  'onIncomingCall',
  'onReaction',
  'onRemoveChatEvent',
  'onArchiveChatEvent',
  'onEditMessageEvent',
  'onAddMessageCiphertextEvent',
  'onCiphertextFailedEvent',
  'onPollVoteEvent',
] as const;

/** The raw serialized model whatsapp-web.js keeps on a Message (`rawData`). */
export function rawOf(msg: WMessage): Record<string, unknown> {
  const raw = (msg as unknown as { rawData?: unknown }).rawData;
  return raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
}
