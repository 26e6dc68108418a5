import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountView } from '../../../shared/account-views';
import type { ChatListItem } from '../../../shared/archive-views';
import type { ComposeResult, ComposerInsertResult, MessageTranslationView } from '../../../shared/translate-views';
import { call, useEvent } from '../../api/client';
import { formatTime } from '../../lib/format';
import { languageName } from '../../lib/languages';
import { useStore } from '../../lib/store';
import { useAccountChats, useChatTail } from '../../state/chat-feed';
import { reportError } from '../../state/toasts';
import { useChatPrefs } from '../../state/translation';
import { ui, uiStore } from '../../state/ui';
import { MessageText } from '../inbox/MessageText';
import { insertFailureText, translateErrorText } from '../translate/errors';
import { LanguageSelect } from '../translate/LanguageSelect';
import { Icon } from '../ui/icons';
import '../translate/translate.css';
import { idUser } from '../../../shared/vocabulary';

/** Typing pauses this long before the text goes to the translator. */
const COMPOSE_DEBOUNCE_MS = 400;
const RECENT = 8;

/** The last incoming messages of the chat, with their translations. */
function RecentIncoming({ accountId, chatId, lang }: { accountId: string; chatId: string; lang: string }) {
  const { t } = useTranslation();
  const tail = useChatTail(accountId, chatId);
  const messages = useMemo(() => (tail?.messages ?? []).slice(-30).filter((m) => !m.fromMe && m.text).slice(-RECENT), [tail]);
  const [translations, setTranslations] = useState<ReadonlyMap<string, MessageTranslationView>>(new Map());
  const [nonce, setNonce] = useState(0);
  useEffect(() => {
    let live = true;
    if (messages.length === 0) return setTranslations(new Map());
    call('translate.stored', { accountId, messageIds: messages.map((m) => m.waId), lang }).then((stored) => {
      if (live) setTranslations(new Map(stored.map((s) => [s.messageId, s])));
    }, reportError);
    return () => {
      live = false;
    };
  }, [accountId, messages, lang, nonce]);
  useEvent('translate.updated', (e) => {
    if (e.accountId === accountId && e.lang === lang && e.messageIds.some((id) => messages.some((m) => m.waId === id))) setNonce((n) => n + 1);
  });
  const missing = messages.filter((m) => !translations.has(m.waId)).map((m) => m.waId);
  return (
    <section className="translator-recent" aria-label={t('translate.panel.recent')}>
      <h3>{t('translate.panel.recent')}</h3>
      {messages.length === 0 ? <p className="translator-note">{t('translate.panel.noRecent')}</p> : (
        <ul className="recent-list" data-testid="recent-incoming">
          {messages.map((m) => {
            const tr = translations.get(m.waId);
            return (
              <li key={m.waId} className="recent-item" data-testid="recent-message" data-wa-id={m.waId}>
                <time>{formatTime(m.ts)}</time>
                <MessageText text={m.text!} />
                {tr && tr.provider !== 'none' && (
                  <div className={`msg-translation ${tr.stale ? 'is-stale' : ''}`} data-testid="recent-translation">
                    <MessageText text={tr.text} className="msg-translation-text" />
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {missing.length > 0 && (
        <button type="button" className="link-button" data-testid="recent-translate"
          onClick={() => call('translate.messages', { accountId, chatId, messageIds: missing, to: lang }).catch(reportError)}>
          {t('translate.panel.translateRecent', { lang: languageName(lang) })}
        </button>
      )}
    </section>
  );
}

/**
 * The translator beside the live views: write in Chinese or English (or anything), read the
 * translation into the buyer's language and its back-translation, and Insert it into
 * WhatsApp's message box of the open chat. Nothing is sent: the rep presses Enter there.
 */
export function TranslatorPanel({ accounts }: { accounts: AccountView[] }) {
  const { t } = useTranslation();
  const activeId = useStore(uiStore, (s) => s.activeAccountId);
  const openChat = useStore(uiStore, (s) => s.openChat);
  const [picked, setPicked] = useState<string | null>(null);
  const accountId = (picked && accounts.some((a) => a.id === picked) ? picked : null)
    ?? (activeId && accounts.some((a) => a.id === activeId) ? activeId : null)
    ?? accounts[0]?.id ?? null;
  const chats = useAccountChats(accountId);
  const [pickedChat, setPickedChat] = useState<{ accountId: string; chatId: string } | null>(null);
  const chatId = (pickedChat?.accountId === accountId ? pickedChat.chatId : null)
    ?? (openChat?.accountId === accountId ? openChat.chatId : null)
    ?? chats[0]?.chatId ?? null;
  const [prefs] = useChatPrefs(accountId, chatId);
  const chatKey = `${accountId}\u0000${chatId}`;
  const [toPicked, setToPicked] = useState<{ key: string; lang: string } | null>(null);
  const to = (toPicked?.key === chatKey ? toPicked.lang : null) ?? prefs?.contactLanguage?.language ?? 'en';
  const [from, setFrom] = useState('');
  const [text, setText] = useState('');
  const [result, setResult] = useState<ComposeResult | null>(null);
  const [working, setWorking] = useState(false);
  const [inserted, setInserted] = useState<ComposerInsertResult | null>(null);
  const seq = useRef(0);

  useEffect(() => {
    const mine = ++seq.current;
    setInserted(null);
    if (!text.trim()) {
      setResult(null);
      setWorking(false);
      return;
    }
    setWorking(true);
    const timer = window.setTimeout(() => {
      call('translate.compose', { text, to, ...(from ? { from } : {}) })
        .then((r) => mine === seq.current && setResult(r))
        .catch(reportError)
        .finally(() => mine === seq.current && setWorking(false));
    }, COMPOSE_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [text, to, from]);

  const translation = result?.translation.ok ? result.translation : null;
  const insertable = !!translation && !working && !!accountId && !!chatId && translation.text.trim().length > 0;
  const insert = async () => {
    if (!insertable) return;
    try {
      setInserted(await call('translate.insert', { accountId, chatId, text: translation.text }));
    } catch (err) {
      reportError(err);
    }
  };
  const chatName = (c: ChatListItem) => c.name ?? idUser(c.chatId);
  const shownChats = useMemo(() => chats.filter((c) => c.kind === 'direct' || c.kind === 'group'), [chats]);

  return (
    <aside className="translator" aria-label={t('translate.panel.title')} data-testid="translator">
      <header className="translator-header">
        <Icon name="translate" size={18} />
        <h2>{t('translate.panel.title')}</h2>
        <button type="button" className="icon-button small" aria-label={t('common.close')} title={t('common.close')}
          onClick={() => ui.patch({ translatorOpen: false })}>
          <Icon name="close" size={14} />
        </button>
      </header>
      <div className="translator-scroll">
        {accounts.length > 1 && (
          <label>
            <span>{t('translate.panel.account')}</span>
            <select className="lang-select" value={accountId ?? ''} onChange={(e) => setPicked(e.target.value)} data-testid="translator-account">
              {accounts.map((a) => <option key={a.id} value={a.id} translate="no">{a.label}</option>)}
            </select>
          </label>
        )}
        <label>
          <span>{t('translate.panel.chat')}</span>
          <select className="lang-select" value={chatId ?? ''} data-testid="translator-chat"
            onChange={(e) => accountId && setPickedChat({ accountId, chatId: e.target.value })}>
            {shownChats.map((c) => <option key={c.chatId} value={c.chatId} translate="no">{chatName(c)}</option>)}
          </select>
        </label>
        <div className="translator-target">
          <label>
            <span>{t('translate.panel.from')}</span>
            <LanguageSelect value={from} onChange={setFrom} label={t('translate.panel.from')} empty={t('translate.panel.detect')} testId="composer-from" />
          </label>
          <label>
            <span>{t('translate.panel.to')}</span>
            <LanguageSelect value={to} onChange={(lang) => setToPicked({ key: chatKey, lang })} label={t('translate.panel.to')}
              extra={[prefs?.contactLanguage?.language]} testId="composer-to" />
          </label>
        </div>
        <textarea value={text} onChange={(e) => setText(e.target.value)} placeholder={t('translate.panel.placeholder')}
          aria-label={t('translate.panel.placeholder')} data-testid="composer-input" maxLength={5000}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              void insert();
            }
          }} />
        {result && (
          <div className="translator-out" aria-live="polite" aria-busy={working}>
            {result.translation.ok ? (
              <>
                <h3>
                  <span>{t('translate.panel.translation', { lang: languageName(result.translation.to) })}</span>
                  {result.translation.skipped === 'same_language' && <span>· {t('translate.panel.sameLanguage')}</span>}
                </h3>
                <p data-testid="composer-translation" lang={result.translation.to}>{result.translation.text}</p>
                {result.back?.ok && (
                  <>
                    <h3>{t('translate.panel.back')}</h3>
                    <p className="translator-back" data-testid="composer-back">{result.back.text}</p>
                  </>
                )}
              </>
            ) : (
              <p className="translator-error" data-testid="composer-error">
                <Icon name="alert" size={14} /> {translateErrorText(t, result.translation.error)}
              </p>
            )}
          </div>
        )}
        <div className="translator-actions">
          <button type="button" className="button primary" disabled={!insertable} onClick={() => void insert()} data-testid="composer-insert"
            title={t('translate.panel.insertHint')}>
            {t('translate.panel.insert')}
          </button>
          {inserted && (
            <p className={inserted.ok ? 'translator-note' : 'translator-error'} data-testid="composer-status" data-ok={inserted.ok}>
              {inserted.ok ? t('translate.panel.inserted') : insertFailureText(t, inserted.reason)}
            </p>
          )}
          <p className="translator-note">{t('translate.panel.neverSends')}</p>
        </div>
        {accountId && chatId && prefs && <RecentIncoming accountId={accountId} chatId={chatId} lang={prefs.effective.targetLang} />}
      </div>
    </aside>
  );
}
