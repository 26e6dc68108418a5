import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CHAT_KINDS, type ChatKind, type ParticipantView, type SearchHit } from '../../../shared/archive-views';
import type { ChannelInput } from '../../../shared/contract';
import { call } from '../../api/client';
import { formatDateTime } from '../../lib/format';
import { useStore } from '../../lib/store';
import { accountsStore } from '../../state/accounts';
import { reportError } from '../../state/toasts';
import { ui, uiStore } from '../../state/ui';
import { MessageText } from '../inbox/MessageText';
import { Icon } from '../ui/icons';
import { MultiSelect } from '../ui/Popover';
import '../translate/translate.css';
import { idUser } from '../../../shared/vocabulary';

/** Short enough to feel instant, long enough to skip the queries of a fast typist's middle keys. */
const DEBOUNCE_MS = 25;
const PAGE = 50;

const dayStart = (s: string) => new Date(`${s}T00:00:00`).getTime();
const dayEnd = (s: string) => new Date(`${s}T23:59:59.999`).getTime();

export function SearchPalette() {
  const { t } = useTranslation();
  const accounts = useStore(accountsStore, (s) => s.list);
  const openChat = useStore(uiStore, (s) => s.openChat);
  const [query, setQuery] = useState('');
  const [accountIds, setAccountIds] = useState<string[]>([]);
  const [kinds, setKinds] = useState<ChatKind[]>([]);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [inChat, setInChat] = useState(false);
  const [senderId, setSenderId] = useState('');
  const [senders, setSenders] = useState<ParticipantView[]>([]);
  const [menu, setMenu] = useState<string | null>(null);
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [searched, setSearched] = useState('');
  const [selected, setSelected] = useState(0);
  const seq = useRef(0);
  const listRef = useRef<HTMLUListElement>(null);

  useEffect(() => {
    if (!inChat || !openChat) return;
    let live = true;
    call('archive.chatDetail', { accountId: openChat.accountId, chatId: openChat.chatId })
      .then((d) => live && setSenders(d?.participants ?? []))
      .catch(reportError);
    return () => {
      live = false;
    };
  }, [inChat, openChat]);

  const args = useMemo((): ChannelInput<'search.query'> => ({
    query,
    ...(accountIds.length ? { accountIds } : {}),
    ...(kinds.length ? { kinds } : {}),
    ...(from ? { from: dayStart(from) } : {}),
    ...(to ? { to: dayEnd(to) } : {}),
    ...(inChat && openChat ? { chat: { accountId: openChat.accountId, chatId: openChat.chatId } } : {}),
    ...(inChat && senderId ? { senderId } : {}),
    limit: PAGE,
  }), [query, accountIds, kinds, from, to, inChat, openChat, senderId]);

  useEffect(() => {
    const mine = ++seq.current;
    if (!query.trim()) {
      setHits([]);
      setNext(null);
      setSearched('');
      return;
    }
    const timer = window.setTimeout(() => {
      call('search.query', args).then((r) => {
        if (mine !== seq.current) return;
        setHits(r.hits);
        setNext(r.next);
        setSearched(args.query);
        setSelected(0);
      }).catch(reportError);
    }, DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [args, query]);

  const more = () => {
    if (next === null) return;
    const mine = seq.current;
    call('search.query', { ...args, before: next }).then((r) => {
      if (mine !== seq.current) return;
      setHits((h) => [...h, ...r.hits]);
      setNext(r.next);
    }).catch(reportError);
  };

  const choose = (hit: SearchHit) => ui.openChat(hit.message.accountId, hit.message.chatId, hit.message.waId);

  useEffect(() => {
    listRef.current?.querySelector<HTMLElement>(`[data-index="${selected}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  return (
    <div className="modal-backdrop palette-backdrop" onMouseDown={(e) => e.target === e.currentTarget && ui.patch({ searchOpen: false })}>
      <div className="palette" role="dialog" aria-modal="true" aria-label={t('search.title')} data-testid="search-palette">
        <div className="palette-input">
          <Icon name="search" size={20} />
          <input autoFocus type="search" value={query} placeholder={t('search.placeholder')} aria-label={t('search.title')}
            data-testid="search-input" spellCheck={false}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown') {
                e.preventDefault();
                setSelected((s) => Math.min(s + 1, hits.length - 1));
              } else if (e.key === 'ArrowUp') {
                e.preventDefault();
                setSelected((s) => Math.max(s - 1, 0));
              } else if (e.key === 'Enter' && hits[selected]) {
                e.preventDefault();
                choose(hits[selected]);
              }
            }} />
          <kbd>Esc</kbd>
        </div>
        <div className="palette-filters filters">
          <MultiSelect label={t('inbox.filter.account')} open={menu === 'account'} setOpen={(o) => setMenu(o ? 'account' : null)}
            options={accounts.map((a) => ({ value: a.id, label: a.label, data: true }))} value={accountIds} onChange={setAccountIds}
            testId="search-filter-account" />
          <MultiSelect<ChatKind> label={t('inbox.filter.kind')} open={menu === 'kind'} setOpen={(o) => setMenu(o ? 'kind' : null)}
            options={CHAT_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} value={kinds} onChange={setKinds} />
          {openChat && (
            <button type="button" className={`chip ${inChat ? 'chip-active' : ''}`} aria-pressed={inChat}
              onClick={() => setInChat(!inChat)} data-testid="search-in-chat">
              {t('search.inThisChat')}
            </button>
          )}
          {inChat && senders.length > 0 && (
            <select className="chip-select" value={senderId} onChange={(e) => setSenderId(e.target.value)} aria-label={t('search.sender')}>
              <option value="">{t('search.anySender')}</option>
              {senders.map((p) => <option key={p.contactId} value={p.contactId} translate="no">{p.name ?? p.phone ?? p.contactId}</option>)}
            </select>
          )}
          <label className="date-range">
            <span>{t('search.from')}</span>
            <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} max={to || undefined} />
          </label>
          <label className="date-range">
            <span>{t('search.to')}</span>
            <input type="date" value={to} onChange={(e) => setTo(e.target.value)} min={from || undefined} />
          </label>
        </div>
        <ul className="palette-results" ref={listRef} role="listbox" data-testid="search-results" data-query={searched}>
          {hits.map((h, i) => (
            <li key={`${h.message.accountId}:${h.message.waId}`} data-index={i} role="option" aria-selected={i === selected}
              className={i === selected ? 'is-selected' : ''} onMouseEnter={() => setSelected(i)} onClick={() => choose(h)}
              data-testid="search-hit">
              <div className="hit-head">
                <span className="account-tag" translate="no">{h.accountLabel}</span>
                <span className="hit-chat" translate="no">{h.chatName ?? idUser(h.message.chatId)}</span>
                <span className="toolbar-spacer" />
                <time>{formatDateTime(h.message.ts)}</time>
              </div>
              <div className="hit-body">
                <span className="hit-sender" translate={h.message.fromMe ? undefined : 'no'}>
                  {h.message.fromMe ? t('msg.you') : (h.message.senderName ?? (h.message.senderId ? idUser(h.message.senderId) : ''))}
                </span>
                {t('msg.sep')}
                <MessageText text={h.snippet} ranges={h.ranges} className="hit-snippet" />
                {h.via === 'translation' && (
                  <span className="kind-tag tag-translation" data-testid="hit-via-translation" title={t('search.viaTranslationHint')}>
                    {t('search.viaTranslation')}
                  </span>
                )}
                {h.message.revoked === 'everyone' && <span className="kind-tag tag-revoked">{t('msg.deletedForEveryone')}</span>}
              </div>
            </li>
          ))}
          {next !== null && (
            <li className="palette-more"><button type="button" className="link-button" onClick={more}>{t('search.more')}</button></li>
          )}
        </ul>
        {query.trim() && searched === query && hits.length === 0 && (
          <div className="palette-empty" data-testid="search-empty">{t('search.noResults')}</div>
        )}
        {!query.trim() && (
          <div className="palette-empty">
            <p>{t('search.hint')}</p>
          </div>
        )}
        <footer className="palette-footer">
          <span><kbd>↑</kbd><kbd>↓</kbd> {t('search.navigate')}</span>
          <span><kbd>Enter</kbd> {t('search.open')}</span>
          <span><kbd>Esc</kbd> {t('search.close')}</span>
        </footer>
      </div>
    </div>
  );
}
