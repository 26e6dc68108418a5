import { useEffect, useSyncExternalStore } from 'react';
import type { CapturedEvent } from '../../shared/account-views';
import type { ChatDetail, ChatListItem, ContactDetail, ThreadSlice } from '../../shared/archive-views';
import { call, subscribe } from '../api/client';
import { createStore, type Store, useStore } from '../lib/store';
import { setAccountUnread } from './accounts';
import { reportError } from './toasts';

/**
 * The renderer's one listener for captured messages. Components do not subscribe to
 * `message.captured`: they select a version from here (per chat, per account) and read
 * shared resources that are fetched once per change for every component showing them —
 * the thread and the translator panel share a chat's tail, for instance.
 */

export interface ChatFeed {
  /** The latest captured message, for lists that apply it in place. */
  last: CapturedEvent | null;
  perChat: Readonly<Record<string, number>>;
  perAccount: Readonly<Record<string, number>>;
}

export const chatFeedStore = createStore<ChatFeed>({ last: null, perChat: {}, perAccount: {} });

export const chatKey = (accountId: string, chatId: string) => `${accountId}\u0000${chatId}`;

export function syncChatFeed(): () => void {
  return subscribe('message.captured', (e) => {
    setAccountUnread(e.accountId, e.accountUnread);
    chatFeedStore.set((s) => {
      const k = chatKey(e.accountId, e.chatId);
      return {
        last: e,
        perChat: { ...s.perChat, [k]: (s.perChat[k] ?? 0) + 1 },
        perAccount: { ...s.perAccount, [e.accountId]: (s.perAccount[e.accountId] ?? 0) + 1 },
      };
    });
  });
}

/** Messages captured in the chat since the app started: moves when the chat has something new. */
export const useChatVersion = (accountId: string, chatId: string) => useStore(chatFeedStore, (s) => s.perChat[chatKey(accountId, chatId)] ?? 0);
export const useAccountVersion = (accountId: string | null) => useStore(chatFeedStore, (s) => (accountId ? (s.perAccount[accountId] ?? 0) : 0));
export const useLastCaptured = () => useStore(chatFeedStore, (s) => s.last);

interface Entry<T> {
  store: Store<T | undefined>;
  /** The version fetched or being fetched. */
  version: number;
  users: number;
}

/** The bookkeeping behind a shared resource, apart from React so it can be tested as is. */
export interface SharedResource<T> {
  /** Someone shows the key: keep its value until the returned release. */
  acquire(key: string): () => void;
  /** The value of `key` should be at least `version`: fetches unless that version is fetched or on its way. */
  ensure(key: string, version: number): void;
  /** The key's value (undefined until the first answer). */
  store(key: string | null): Store<T | undefined>;
}

export function createSharedResource<T>(fetch: (key: string) => Promise<T>): SharedResource<T> {
  const entries = new Map<string, Entry<T>>();
  const none = createStore<T | undefined>(undefined);
  const entry = (key: string) => {
    let e = entries.get(key);
    if (!e) entries.set(key, (e = { store: createStore<T | undefined>(undefined), version: -1, users: 0 }));
    return e;
  };
  return {
    acquire(key) {
      const e = entry(key);
      e.users++;
      return () => {
        if (--e.users === 0) entries.delete(key);
      };
    },
    ensure(key, version) {
      const e = entry(key);
      if (e.version >= version) return;
      e.version = version;
      fetch(key).then((v) => {
        if (e.version === version) e.store.set(v);
      }, reportError);
    },
    store: (key) => (key === null ? none : entry(key).store),
  };
}

/**
 * A value fetched once per (key, version) however many components show it; kept while
 * someone shows it. A null key reads nothing.
 */
function sharedResource<T>(fetch: (key: string) => Promise<T>) {
  const resource = createSharedResource(fetch);
  return function useShared(key: string | null, version: number): T | undefined {
    useEffect(() => (key === null ? undefined : resource.acquire(key)), [key]);
    useEffect(() => {
      if (key !== null) resource.ensure(key, version);
    }, [key, version]);
    const store = resource.store(key);
    return useSyncExternalStore(store.subscribe, store.get);
  };
}

const splitKey = (key: string) => key.split('\u0000') as [string, string];

/** Messages in a chat's tail: as many as the thread keeps on a page. */
export const TAIL = 100;

const useTailResource = sharedResource<ThreadSlice>((key) => {
  const [accountId, chatId] = splitKey(key);
  return call('archive.threadSlice', { accountId, chatId, limit: TAIL });
});
/** The newest messages of a chat, refetched once per captured message in it. Pass `enabled: false` to only read. */
export function useChatTail(accountId: string, chatId: string, enabled = true): ThreadSlice | undefined {
  return useTailResource(enabled ? chatKey(accountId, chatId) : null, useChatVersion(accountId, chatId));
}

const useDetailResource = sharedResource<ChatDetail | null>((key) => {
  const [accountId, chatId] = splitKey(key);
  return call('archive.chatDetail', { accountId, chatId });
});
/** A chat's details (counts, sync, members), refetched once per captured message in it. */
export function useChatDetail(accountId: string, chatId: string): ChatDetail | null | undefined {
  return useDetailResource(chatKey(accountId, chatId), useChatVersion(accountId, chatId));
}

const useContactResource = sharedResource<ContactDetail | null>((key) => {
  const [accountId, contactId] = splitKey(key);
  return call('archive.contactDetail', { accountId, contactId });
});
/** A contact's details: a message does not change them, so they are read once while shown. */
export function useContactDetail(accountId: string, contactId: string | null): ContactDetail | null | undefined {
  return useContactResource(contactId ? chatKey(accountId, contactId) : null, 0);
}

const CHATS_OF_ACCOUNT = 50;
const useAccountChatsResource = sharedResource<ChatListItem[]>((accountId) =>
  call('archive.chatList', { accountIds: [accountId], limit: CHATS_OF_ACCOUNT }));
/** An account's most recent chats, refetched once per captured message in the account. */
export function useAccountChats(accountId: string | null): ChatListItem[] {
  return useAccountChatsResource(accountId, useAccountVersion(accountId)) ?? EMPTY;
}
const EMPTY: ChatListItem[] = [];
