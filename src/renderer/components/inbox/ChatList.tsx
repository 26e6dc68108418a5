import { CUSTOMER_STAGES, type CustomerStage } from '../../../shared/crm-views';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ARCHIVE_ONLY_STATES, type AccountState } from '../../../shared/account-state';
import type { CapturedEvent } from '../../../shared/account-views';
import { CHAT_KINDS, type ChatKind, type ChatListItem } from '../../../shared/archive-views';
import { call, useEvent } from '../../api/client';
import { formatShort } from '../../lib/format';
import { useStore } from '../../lib/store';
import { accountsStore } from '../../state/accounts';
import { useLastCaptured } from '../../state/chat-feed';
import { reportError } from '../../state/toasts';
import { type ChatFilters, ui, uiStore } from '../../state/ui';
import { Avatar } from '../ui/Avatar';
import { MultiSelect } from '../ui/Popover';
import { previewOf } from './preview';
import { idUser } from '../../../shared/vocabulary';

const PAGE = 200;
const ROW = 72;

const chatKey = (c: { accountId: string; chatId: string }) => `${c.accountId}\u0000${c.chatId}`;

/** The list with a captured message applied to its chat, newest first; null when the chat is not in the list. */
function withCaptured(list: ChatListItem[], e: CapturedEvent, unreadOnly: boolean): ChatListItem[] | null {
  const i = list.findIndex((c) => c.accountId === e.accountId && c.chatId === e.chatId);
  const chat = list[i];
  if (!chat || (unreadOnly && e.chatUnread === 0)) return null;
  const newer = !chat.lastMessage || e.ts >= chat.lastMessage.ts;
  const updated: ChatListItem = {
    ...chat, unread: e.chatUnread,
    lastMessage: newer
      ? { waId: e.messageId, ts: e.ts, text: e.text, type: e.type, fromMe: e.fromMe, senderName: e.senderName, revoked: false }
      : chat.lastMessage,
  };
  const rest = list.filter((_, k) => k !== i);
  const at = rest.findIndex((c) => (c.lastMessage?.ts ?? -1) < (updated.lastMessage?.ts ?? -1));
  rest.splice(at < 0 ? rest.length : at, 0, updated);
  return rest;
}

function useChatList(filters: ChatFilters) {
  const [chats, setChats] = useState<ChatListItem[]>([]);
  const [done, setDone] = useState(false);
  const [loading, setLoading] = useState(false);
  const generation = useRef(0);
  const query = useMemo(() => ({
    ...(filters.accountIds.length ? { accountIds: filters.accountIds } : {}),
    ...(filters.kinds.length ? { kinds: filters.kinds } : {}),
    ...(filters.ownerIds.length ? { ownerIds: filters.ownerIds } : {}),
    ...(filters.unreadOnly ? { unreadOnly: true } : {}),
    ...(filters.stages.length ? { stages: filters.stages } : {}),
  }), [filters]);

  const reload = useCallback(async (keep = PAGE) => {
    const gen = ++generation.current;
    setLoading(true);
    try {
      const list = await call('archive.chatList', { ...query, limit: Math.min(Math.max(keep, PAGE), 1000) });
      if (gen !== generation.current) return;
      setChats(list);
      setDone(list.length < Math.max(keep, PAGE));
    } catch (err) {
      reportError(err);
    } finally {
      if (gen === generation.current) setLoading(false);
    }
  }, [query]);

  const more = useCallback(async () => {
    if (done || loading) return;
    const last = chats.at(-1)?.lastMessage?.ts;
    if (last === undefined) return;
    const gen = generation.current;
    setLoading(true);
    try {
      const page = await call('archive.chatList', { ...query, beforeTs: last, limit: PAGE });
      if (gen !== generation.current) return;
      setChats((c) => [...c, ...page]);
      setDone(page.length < PAGE);
    } catch (err) {
      reportError(err);
    } finally {
      if (gen === generation.current) setLoading(false);
    }
  }, [chats, done, loading, query]);

  useEffect(() => {
    setChats([]);
    setDone(false);
    void reload();
  }, [reload]);

  // New traffic: a chat already in the list takes the message in place and moves up; a chat
  // not in it (new, or filtered in by the message) needs the list again, bursts coalesced.
  const pending = useRef(0);
  const count = useRef(0);
  const current = useRef(chats);
  count.current = chats.length;
  current.current = chats;
  const captured = useLastCaptured();
  useEffect(() => {
    if (!captured) return;
    const moved = withCaptured(current.current, captured, query.unreadOnly === true);
    if (moved) return setChats(moved);
    window.clearTimeout(pending.current);
    pending.current = window.setTimeout(() => void reload(count.current), 250);
  }, [captured, query, reload]);
  useEffect(() => () => window.clearTimeout(pending.current), []);
  useEvent('unread.changed', (e) => setChats((list) => list.map((c) =>
    c.accountId === e.accountId && c.chatId === e.chatId ? { ...c, unread: e.chatUnread } : c)));
  useEvent('accounts.changed', () => void reload(count.current));

  return { chats, more, loading, done };
}

export function ChatList() {
  const { t } = useTranslation();
  const filters = useStore(uiStore, (s) => s.filters);
  const open = useStore(uiStore, (s) => s.openChat);
  const accounts = useStore(accountsStore, (s) => s.list);
  const [menu, setMenu] = useState<string | null>(null);
  const { chats, more, loading, done } = useChatList(filters);
  const states = useMemo(() => new Map(accounts.map((a) => [a.id, a.state])), [accounts]);
  const owners = useMemo(() => {
    const m = new Map<string, string>();
    for (const a of accounts) if (a.ownerId && a.ownerName) m.set(a.ownerId, a.ownerName);
    return [...m].map(([value, label]) => ({ value, label, data: true }));
  }, [accounts]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: chats.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW,
    overscan: 8,
    getItemKey: (i) => chatKey(chats[i]!),
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (!done && !loading && chats.length > 0 && lastIndex >= chats.length - 20) void more();
  }, [lastIndex, chats.length, done, loading, more]);

  const setFilters = (f: Partial<ChatFilters>) => ui.patch({ filters: { ...filters, ...f } });
  const anyFilter = filters.accountIds.length + filters.kinds.length + filters.ownerIds.length + filters.stages.length > 0 || filters.unreadOnly;

  return (
    <section className="chatlist" aria-label={t('inbox.chats')}>
      <header className="chatlist-header">
        <h1>{t('inbox.title')}</h1>
        <button type="button" className="search-trigger" onClick={() => ui.patch({ searchOpen: true })} data-testid="open-search">
          <span>{t('search.placeholder')}</span>
          <kbd>Ctrl K</kbd>
        </button>
        <div className="filters" data-testid="chat-filters">
          <MultiSelect label={t('inbox.filter.account')} open={menu === 'account'} setOpen={(o) => setMenu(o ? 'account' : null)}
            options={accounts.map((a) => ({ value: a.id, label: a.label, data: true }))} value={filters.accountIds}
            onChange={(accountIds) => setFilters({ accountIds })} testId="filter-account" />
          <MultiSelect<ChatKind> label={t('inbox.filter.kind')} open={menu === 'kind'} setOpen={(o) => setMenu(o ? 'kind' : null)}
            options={CHAT_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} value={filters.kinds}
            onChange={(kinds) => setFilters({ kinds })} testId="filter-kind" />
          {owners.length > 0 && (
            <MultiSelect label={t('inbox.filter.owner')} open={menu === 'owner'} setOpen={(o) => setMenu(o ? 'owner' : null)}
              options={owners} value={filters.ownerIds} onChange={(ownerIds) => setFilters({ ownerIds })} testId="filter-owner" />
          )}
          <MultiSelect<CustomerStage> label={t('customers.stage')} open={menu === 'stage'} setOpen={(o) => setMenu(o ? 'stage' : null)}
            options={CUSTOMER_STAGES.map((x) => ({ value: x, label: t(`stage.${x}`) }))} value={filters.stages}
            onChange={(stages) => setFilters({ stages })} testId="filter-stage" />
          <button type="button" className={`chip ${filters.unreadOnly ? 'chip-active' : ''}`} aria-pressed={filters.unreadOnly}
            onClick={() => setFilters({ unreadOnly: !filters.unreadOnly })} data-testid="filter-unread">
            {t('inbox.filter.unread')}
          </button>
          {anyFilter && (
            <button type="button" className="link-button" onClick={() => setFilters({ accountIds: [], kinds: [], ownerIds: [], unreadOnly: false, stages: [] })}>
              {t('inbox.filter.clear')}
            </button>
          )}
        </div>
      </header>
      <div className="chatlist-scroll" ref={scrollRef} data-testid="chat-list">
        {chats.length === 0 && !loading && (
          <div className="empty-state small">
            <p>{anyFilter ? t('inbox.noMatch') : t('inbox.empty')}</p>
          </div>
        )}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((v) => {
            const c = chats[v.index]!;
            const state = (states.get(c.accountId) ?? c.accountState) as AccountState;
            const selected = open?.accountId === c.accountId && open.chatId === c.chatId;
            const group = c.kind !== 'direct';
            return (
              <button key={v.key} type="button" role="option" aria-selected={selected} data-testid="chat-item"
                data-chat-id={c.chatId} data-account-id={c.accountId}
                className={`chat-item ${selected ? 'is-selected' : ''} ${c.unread > 0 ? 'has-unread' : ''}`}
                style={{ transform: `translateY(${v.start}px)`, height: ROW }}
                onClick={() => ui.openChat(c.accountId, c.chatId)}>
                <Avatar name={c.name ?? c.chatId} seed={`${c.accountId}:${c.chatId}`} size={44} group={group} />
                <span className="chat-text">
                  <span className="chat-row">
                    <span className="chat-name" translate="no">{c.name ?? idUser(c.chatId)}</span>
                    {c.lastMessage && <time className="chat-time">{formatShort(c.lastMessage.ts)}</time>}
                  </span>
                  <span className="chat-row">
                    <span className="chat-preview">{previewOf(t, c.lastMessage, group)}</span>
                    {c.unread > 0 && <span className="unread-pill" data-testid="chat-unread">{c.unread >= 100 ? '99+' : c.unread}</span>}
                  </span>
                  <span className="chat-meta">
                    <span className="account-tag" translate="no">{c.accountLabel}</span>
                    {group && <span className="kind-tag">{t(`kind.${c.kind}`)}</span>}
                    {ARCHIVE_ONLY_STATES.includes(state) && <span className={`kind-tag tag-${state}`}>{t(`state.${state}`)}</span>}
                  </span>
                </span>
              </button>
            );
          })}
        </div>
      </div>
    </section>
  );
}
