import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ARCHIVE_ONLY_STATES } from '../../../shared/account-state';
import type { ChatDetail } from '../../../shared/archive-views';
import { call } from '../../api/client';
import { useStore } from '../../lib/store';
import { accountsStore } from '../../state/accounts';
import { useChatTail, useChatVersion } from '../../state/chat-feed';
import { useCan } from '../../state/host';
import { reportError } from '../../state/toasts';
import { type OpenChat, ui, uiStore } from '../../state/ui';
import { ExportDialog } from '../exchange/ExportDialog';
import { HistoryBar } from '../translate/HistoryBar';
import { TranslateMenu } from '../translate/TranslateMenu';
import { Avatar } from '../ui/Avatar';
import { Icon } from '../ui/icons';
import { MessageItem } from './MessageItem';
import { WhatsAppImportDialog } from '../exchange/WhatsAppImportDialog';
import { PAGE, ThreadCache } from './thread-cache';
import { useThreadTranslations } from './useThreadTranslations';
import { idUser, isGroupId } from '../../../shared/vocabulary';

/**
 * Every row starts at the height of a one-line message (the most common row) and is then
 * measured. The estimate must not depend on whether the row's page has loaded: a page
 * landing above the viewport would otherwise shift everything under the reader's eyes.
 */
const ESTIMATE = 44;
const BOTTOM_SLACK = 48;
const FLASH_MS = 2200;

function ArchiveBanner({ state }: { state: 'banned' | 'logged_out' }) {
  const { t } = useTranslation();
  return (
    <div className={`banner banner-${state}`} role="status" data-testid="archive-banner">
      <Icon name="archive" size={18} />
      <span><strong>{t(`banner.${state}.title`)}</strong> {t(`banner.${state}.body`)}</span>
    </div>
  );
}

export function Thread({ chat }: { chat: OpenChat }) {
  const { t } = useTranslation();
  const { accountId, chatId, focusMessageId, focusNonce } = chat;
  const [, setVersion] = useState(0);
  // bumped when history was imported into this chat: messages and gaps are read again
  const [reloads, setReloads] = useState(0);
  const cache = useMemo(
    () => new ThreadCache(accountId, chatId, () => setVersion((v) => v + 1), reportError),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reloads is the reason to build a new cache
    [accountId, chatId, reloads],
  );
  useEffect(() => () => cache.dispose(), [cache]);
  const account = useStore(accountsStore, (s) => s.list.find((a) => a.id === accountId));
  const detailsOpen = useStore(uiStore, (s) => s.detailsOpen);
  const canTranslate = useCan('translate.setPrefs');
  const canExport = useCan('exchange.exportChats');
  const canMarkSeen = useCan('archive.markSeen');
  const canDetails = useCan('archive.contactDetail');
  const [detail, setDetail] = useState<ChatDetail | null>(null);
  const [flashId, setFlashId] = useState<string | null>(null);
  const [atBottom, setAtBottom] = useState(true);
  const scrollRef = useRef<HTMLDivElement>(null);
  const pendingScroll = useRef<{ index: number; align: 'end' | 'center' } | null>(null);
  const lastMarked = useRef(0);
  const [exporting, setExporting] = useState(false);
  const [importing, setImporting] = useState(false);

  const stick = useRef(atBottom);
  stick.current = atBottom;
  // Translations under the originals and failure markers make rows taller: a reader at the newest message stays there.
  const translated = useThreadTranslations(accountId, chatId, () => {
    if (stick.current && !pendingScroll.current && cache.total > 0) pendingScroll.current = { index: cache.total - 1, align: 'end' };
  });

  const total = Math.max(0, cache.total);
  const group = detail ? detail.kind !== 'direct' : isGroupId(chatId);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATE,
    overscan: 10,
    paddingStart: 12,
    paddingEnd: 12,
  });

  // Open at the newest message, or around the message asked for (search, notification, quote).
  useEffect(() => {
    const known = focusMessageId ? cache.indexOf(focusMessageId) : null;
    if (known !== null) {
      pendingScroll.current = { index: known, align: 'center' };
      setFlashId(focusMessageId);
      setVersion((v) => v + 1);
      return;
    }
    void cache.open(focusMessageId).then((anchor) => {
      if (cache.total <= 0) return;
      pendingScroll.current = anchor !== null ? { index: anchor, align: 'center' } : { index: cache.total - 1, align: 'end' };
      if (anchor !== null) setFlashId(focusMessageId);
      setVersion((v) => v + 1);
    });
  }, [cache, focusMessageId, focusNonce]);

  // Details (kind, members, gaps) after the messages: the messages are what the user waits for,
  // and both go to the same archive reader.
  useEffect(() => {
    let live = true;
    setDetail(null);
    call('archive.chatDetail', { accountId, chatId })
      .then((d) => live && setDetail(d))
      .catch(reportError);
    return () => {
      live = false;
    };
  }, [accountId, chatId, reloads]);

  useLayoutEffect(() => {
    const target = pendingScroll.current;
    if (!target || total === 0) return;
    pendingScroll.current = null;
    virtualizer.scrollToIndex(Math.min(target.index, total - 1), { align: target.align });
  });

  useEffect(() => {
    if (!flashId) return;
    const timer = window.setTimeout(() => setFlashId(null), FLASH_MS);
    return () => window.clearTimeout(timer);
  }, [flashId]);

  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (total === 0) return;
    cache.ensure(first - PAGE / 2, last + PAGE / 2);
    cache.evict(first, last);
  }, [cache, first, last, total]);

  const visibleIds = items.flatMap((v) => {
    const m = cache.get(v.index);
    return m?.text ? [m.waId] : [];
  });
  useEffect(() => {
    if (total === 0) return;
    const near: string[] = [];
    for (let i = Math.max(0, first - PAGE / 2); i <= Math.min(total - 1, last + PAGE / 2); i++) {
      const m = cache.get(i);
      if (m?.text) near.push(m.waId);
    }
    translated.ensure(near);
  });

  // Seeing the newest message marks the chat read.
  const newest = total > 0 ? cache.get(total - 1) : undefined;
  useEffect(() => {
    if (!atBottom || !newest || last < total - 1 || newest.ts <= lastMarked.current) return;
    lastMarked.current = newest.ts;
    if (canMarkSeen) call('archive.markSeen', { accountId, chatId, upTo: newest.ts }).catch(reportError);
  }, [atBottom, newest, last, total, accountId, chatId, canMarkSeen]);

  // New messages: the chat's tail, fetched once for every view of this chat (state/chat-feed.ts).
  const captured = useChatVersion(accountId, chatId);
  const tail = useChatTail(accountId, chatId, captured > 0);
  useEffect(() => {
    if (!tail || captured === 0) return;
    cache.applyTail(tail);
    if (stick.current && cache.total > 0) {
      pendingScroll.current = { index: cache.total - 1, align: 'end' };
      setVersion((v) => v + 1);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- applied once per tail; `captured` only gates the first
  }, [tail, cache]);

  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    setAtBottom(el.scrollHeight - el.scrollTop - el.clientHeight < BOTTOM_SLACK);
  }, []);

  const jumpToLatest = () => {
    if (total > 0) virtualizer.scrollToIndex(total - 1, { align: 'end' });
  };

  const name = detail?.name ?? idUser(chatId);
  const members = detail?.participants.filter((p) => p.isMember).length ?? 0;
  const archiveOnly = account && ARCHIVE_ONLY_STATES.includes(account.state) ? (account.state as 'banned' | 'logged_out') : null;

  return (
    <section className="thread" aria-labelledby="thread-title" data-testid="thread" data-total={total}>
      <header className="thread-header">
        <Avatar name={name ?? chatId} seed={`${accountId}:${chatId}`} size={38} group={group} />
        <div className="thread-title">
          <h2 id="thread-title" translate="no" data-testid="thread-title">{name}</h2>
          <p>
            {account && <span className="account-tag" translate="no">{account.label}</span>}
            {detail && <span>{t(`kind.${detail.kind}`)}</span>}
            {group && members > 0 && <span>{t('thread.members', { count: members })}</span>}
            <span>{t('thread.messages', { count: total })}</span>
          </p>
        </div>
        <span className="toolbar-spacer" />
        {canTranslate && <TranslateMenu accountId={accountId} chatId={chatId} prefs={translated.prefs} visibleIds={visibleIds} />}
        {canExport && (
          <button type="button" className="icon-button" title={t('thread.export')} aria-label={t('thread.export')}
            onClick={() => setExporting(true)} data-testid="export-chat">
            <Icon name="download" />
          </button>
        )}
        <button type="button" className="icon-button" title={t('thread.searchHere')} aria-label={t('thread.searchHere')}
          onClick={() => ui.patch({ searchOpen: true })}>
          <Icon name="search" />
        </button>
        {canDetails && (
          <button type="button" className={`icon-button ${detailsOpen ? 'is-on' : ''}`} title={t('thread.details')}
            aria-label={t('thread.details')} aria-pressed={detailsOpen} onClick={() => ui.patch({ detailsOpen: !detailsOpen })}
            data-testid="toggle-details">
            <Icon name="info" />
          </button>
        )}
      </header>
      {canTranslate && <HistoryBar accountId={accountId} chatId={chatId} />}
      {archiveOnly && <ArchiveBanner state={archiveOnly} />}
      {detail && detail.gaps.length > 0 && (
        <div className="banner banner-gap" role="status">
          <Icon name="alert" size={16} /> <span>{t('thread.gaps', { count: detail.gaps.length })}</span>
          <button type="button" className="button small" onClick={() => setImporting(true)} data-testid="gap-import">{t('thread.importExport')}</button>
        </div>
      )}
      {importing && (
        <WhatsAppImportDialog accountId={accountId} chatId={chatId} title={name ?? chatId} onClose={() => setImporting(false)}
          onImported={() => setReloads((n) => n + 1)} />
      )}
      <div className="thread-scroll" ref={scrollRef} onScroll={onScroll} data-testid="thread-scroll">
        {total === 0 && cache.total === 0 && <div className="empty-state small"><p>{t('thread.empty')}</p></div>}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((v) => {
            const m = cache.get(v.index);
            return (
              <div key={v.key} data-index={v.index} ref={virtualizer.measureElement} className="thread-row"
                style={{ transform: `translateY(${v.start}px)` }}>
                {m ? (
                  <MessageItem message={m} prev={cache.get(v.index - 1)} group={group} flash={flashId === m.waId}
                    translation={translated.translationOf(m.waId)} failure={translated.failureOf(m.waId)}
                    onRetryTranslation={translated.retry} />
                ) : (
                  <div className="msg-skeleton" style={{ height: ESTIMATE - 8 }} aria-hidden="true" />
                )}
              </div>
            );
          })}
        </div>
      </div>
      {!atBottom && total > 0 && (
        <button type="button" className="jump-latest" onClick={jumpToLatest} title={t('thread.latest')} aria-label={t('thread.latest')}>
          <Icon name="arrowDown" />
        </button>
      )}
      {exporting && (
        <ExportDialog selection={{ kind: 'chat', accountId, chatId }} title={name ?? chatId} onClose={() => setExporting(false)} />
      )}
    </section>
  );
}
