import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CapturedEvent } from '../../../src/shared/account-views';
import type * as ChatFeed from '../../../src/renderer/state/chat-feed';
// the bridge the renderer sees on window (the preload's global declaration)
import type {} from '../../../src/renderer/env';

/**
 * The renderer's chat feed against a fake bridge: one `message.captured` subscription,
 * and a resource several views show is fetched once per captured message, not once per view.
 */

interface Waiting {
  channel: string;
  answer: (value: unknown) => void;
}

let calls: string[];
let waiting: Waiting[];
let listeners: Map<string, Set<(p: unknown) => void>>;

beforeEach(() => {
  vi.resetModules();
  calls = [];
  waiting = [];
  listeners = new Map();
  (globalThis as { window?: unknown }).window = {
    switchboard: {
      invoke: (channel: string) => {
        calls.push(channel);
        return new Promise((resolve) => waiting.push({ channel, answer: (value) => resolve({ ok: true, value }) }));
      },
      on: (event: string, listener: (p: unknown) => void) => {
        const set = listeners.get(event) ?? new Set();
        set.add(listener);
        listeners.set(event, set);
        return () => set.delete(listener);
      },
      mediaUrl: () => '',
    },
  };
});

afterEach(() => {
  delete (globalThis as { window?: unknown }).window;
});

const load = () => import('../../../src/renderer/state/chat-feed') as Promise<typeof ChatFeed>;

function capture(chatId: string, text: string, ts: number): void {
  const e: CapturedEvent = {
    accountId: 'acc1', chatId, messageId: `m${ts}`, fromMe: false, ts, type: 'chat', text,
    preview: text, senderName: null, chatName: null, chatUnread: 1, accountUnread: 1, notification: null,
  };
  for (const l of listeners.get('message.captured') ?? []) l(e);
}

/** Answers the oldest waiting call with `value` and resolves once the store shows it. */
async function answer<T>(store: { get(): T; subscribe(l: () => void): () => void }, value: unknown): Promise<void> {
  const next = waiting.shift();
  if (!next) throw new Error('no call is waiting');
  const shown = new Promise<void>((resolve) => {
    const off = store.subscribe(() => {
      off();
      resolve();
    });
  });
  next.answer(value);
  await shown;
}

describe('chat feed', () => {
  it('is the one listener of message.captured and moves the version of the captured chat only', async () => {
    const feed = await load();
    feed.syncChatFeed();
    expect(listeners.get('message.captured')?.size).toBe(1);
    capture('b@c.us', 'hola', 2);
    const s = feed.chatFeedStore.get();
    expect(s.perChat[feed.chatKey('acc1', 'b@c.us')]).toBe(1);
    expect(s.perChat[feed.chatKey('acc1', 'a@c.us')]).toBeUndefined();
    expect(s.perAccount['acc1']).toBe(1);
    expect(s.last?.text).toBe('hola');
    expect(calls).toEqual([]); // the feed itself fetches nothing
  });

  it('fetches a chat tail once per captured message however many views show it', async () => {
    const feed = await load();
    const { call } = await import('../../../src/renderer/api/client');
    feed.syncChatFeed();
    const tail = feed.createSharedResource((key) => call('archive.threadSlice', { accountId: 'acc1', chatId: key, limit: 100 }));
    const version = () => feed.chatFeedStore.get().perChat[feed.chatKey('acc1', 'b@c.us')] ?? 0;
    // the thread and the translator panel show the same chat
    const views = [tail.acquire('b@c.us'), tail.acquire('b@c.us')];
    tail.ensure('b@c.us', version());
    tail.ensure('b@c.us', version());
    expect(calls).toEqual(['archive.threadSlice']);
    await answer(tail.store('b@c.us'), { messages: [{ text: 'hello' }] });

    capture('b@c.us', 'new order', 2);
    tail.ensure('b@c.us', version());
    tail.ensure('b@c.us', version());
    expect(calls).toEqual(['archive.threadSlice', 'archive.threadSlice']);
    await answer(tail.store('b@c.us'), { messages: [{ text: 'hello' }, { text: 'new order' }] });
    expect(tail.store('b@c.us').get()).toEqual({ messages: [{ text: 'hello' }, { text: 'new order' }] });
    views.forEach((release) => release());
  });

  it('shows the newest version when an older answer arrives last', async () => {
    const feed = await load();
    const answers: ((v: string) => void)[] = [];
    const fetched: Promise<string>[] = [];
    const list = feed.createSharedResource((_key) => {
      const p = new Promise<string>((resolve) => answers.push(resolve));
      fetched.push(p);
      return p;
    });
    const release = list.acquire('acc1');
    list.ensure('acc1', 1);
    list.ensure('acc1', 2);
    expect(answers).toHaveLength(2);
    answers[1]!('newest');
    await fetched[1]!.then(() => undefined); // runs after the resource took the answer in
    answers[0]!('older');
    await fetched[0]!.then(() => undefined);
    expect(list.store('acc1').get()).toBe('newest');
    release();
  });
});
