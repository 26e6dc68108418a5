import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatTranslatePrefs } from '../../../shared/translate-views';
import { call } from '../../api/client';
import { languageName } from '../../lib/languages';
import { useStore } from '../../lib/store';
import { reportError, toast } from '../../state/toasts';
import { chatKey, historyStore, noteHistory } from '../../state/translation';
import { Icon } from '../ui/icons';
import { Popover } from '../ui/Popover';
import { translateErrorText } from './errors';
import { LanguageSelect } from './LanguageSelect';
import './translate.css';

/**
 * The thread header's translate menu: auto-translate for this chat, its target language,
 * the contact's language (detected, or set by the rep), translating what is on screen and
 * the chat's older history in the background.
 */
export function TranslateMenu({ accountId, chatId, prefs, visibleIds }: {
  accountId: string;
  chatId: string;
  prefs: ChatTranslatePrefs | null;
  visibleIds: readonly string[];
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const job = useStore(historyStore, (s) => s[chatKey(accountId, chatId)]);
  // What the rep just chose shows at once; the stored settings replace it when they arrive.
  const [draft, setDraft] = useState<{ autoTranslate?: boolean; targetLang?: string }>({});
  useEffect(() => setDraft({}), [prefs]);
  const on = draft.autoTranslate ?? !!prefs?.effective.autoTranslate;
  const lang = draft.targetLang ?? prefs?.effective.targetLang ?? '';
  const contact = prefs?.contactLanguage ?? null;

  const setPrefs = (patch: { autoTranslate?: boolean; targetLang?: string }) => {
    setDraft((d) => ({ ...d, ...patch }));
    call('translate.setPrefs', { accountId, chatId, scope: 'chat', ...patch }).catch((err: unknown) => {
      setDraft({});
      reportError(err);
    });
  };

  const translateVisible = async () => {
    if (visibleIds.length === 0 || !lang) return;
    setOpen(false);
    setBusy(true);
    try {
      const r = await call('translate.messages', { accountId, chatId, messageIds: visibleIds.slice(-200), to: lang });
      if (r.failures[0]) toast('error', 'translate.menu.visibleFailed', { reason: translateErrorText(t, r.failures[0].error) });
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="menu-anchor">
      <button type="button" className={`icon-button ${on ? 'is-on' : ''}`} title={t('translate.menu.title')} aria-label={t('translate.menu.title')}
        aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="translate-menu">
        <Icon name="translate" />
      </button>
      <Popover open={open} onClose={() => setOpen(false)} align="right" className="translate-menu">
        {!prefs ? <div className="spinner" /> : (
          <>
            <label className="menu-check">
              <input type="checkbox" checked={on} onChange={(e) => setPrefs({ autoTranslate: e.target.checked })} data-testid="auto-translate" />
              <span>{t('translate.menu.auto')}</span>
            </label>
            {prefs.chat.autoTranslate === null && prefs.contact?.autoTranslate != null && (
              <p className="menu-note">{t('translate.menu.fromContact')}</p>
            )}
            <label className="menu-field">
              <span>{t('translate.menu.target')}</span>
              <LanguageSelect value={lang} onChange={(v) => setPrefs({ targetLang: v })} label={t('translate.menu.target')} testId="target-lang" />
            </label>
            {contact && (
              <div className="menu-field">
                <span>{t('translate.menu.contactLanguage')}</span>
                <div className="menu-field-row">
                  <LanguageSelect value={contact.override ?? ''} label={t('translate.menu.contactLanguage')} testId="contact-lang"
                    empty={contact.detected ? t('translate.menu.detected', { lang: languageName(contact.detected.lang) }) : t('translate.menu.notDetected')}
                    extra={[contact.detected?.lang]}
                    onChange={(v) => call('translate.setContactLanguage', { accountId, chatId, language: v || null }).catch(reportError)} />
                  <button type="button" className="icon-button small" title={t('translate.menu.redetect')} aria-label={t('translate.menu.redetect')}
                    onClick={() => call('translate.detectLanguage', { accountId, chatId }).catch(reportError)}>
                    <Icon name="refresh" size={14} />
                  </button>
                </div>
              </div>
            )}
            <hr />
            <button type="button" className="menu-item" disabled={busy || visibleIds.length === 0} onClick={() => void translateVisible()}
              data-testid="translate-visible">
              {t('translate.menu.visible')}
            </button>
            <button type="button" className="menu-item" disabled={job?.state === 'running'} data-testid="translate-history"
              onClick={() => {
                setOpen(false); // the progress shows under the header
                call('translate.historyStart', { accountId, chatId, to: lang }).then(noteHistory, reportError);
              }}>
              {job?.state === 'running' ? t('translate.menu.historyRunning') : t('translate.menu.history')}
            </button>
            <p className="menu-note">{t('translate.menu.historyHint', { lang: languageName(lang) })}</p>
          </>
        )}
      </Popover>
    </div>
  );
}
