import { useTranslation } from 'react-i18next';
import type { MessageTranslationView, TranslationFailure } from '../../../shared/translate-views';
import { formatDateTime } from '../../lib/format';
import { languageName, providerName } from '../../lib/languages';
import { translateErrorText } from '../translate/errors';
import { Icon } from '../ui/icons';
import { MessageText } from './MessageText';

/**
 * A message's translation, under its original (which always stays): muted, marked when the
 * message was edited after it was translated; who translated it shows on hover. Or, when
 * translating failed, a small marker with the reason and a retry.
 */
export function MessageTranslation({ messageId, translation, failure, onRetry }: {
  messageId: string;
  translation: MessageTranslationView | undefined;
  failure: TranslationFailure | undefined;
  onRetry: ((messageId: string) => void) | undefined;
}) {
  const { t } = useTranslation();
  const shown = translation && translation.provider !== 'none' ? translation : null;
  return (
    <>
      {shown && (
        <div className={`msg-translation ${shown.stale ? 'is-stale' : ''}`} data-testid="translation" lang={shown.lang}
          title={t('translate.bubble.by', {
            provider: providerName(shown.provider), from: shown.srcLang ? languageName(shown.srcLang) : '?', at: formatDateTime(shown.translatedAt),
          })}>
          <MessageText text={shown.text} className="msg-translation-text" />
          {shown.stale && <span className="msg-translation-stale" data-testid="translation-stale">{t('translate.bubble.stale')}</span>}
        </div>
      )}
      {failure && (
        <div className="msg-translation-failed" data-testid="translation-failed" title={translateErrorText(t, failure.error)}>
          <Icon name="alert" size={13} />
          <span>{t('translate.bubble.failed', { reason: translateErrorText(t, failure.error) })}</span>
          {onRetry && (
            <button type="button" className="link-button" onClick={() => onRetry(messageId)} data-testid="translation-retry">
              {t('translate.bubble.retry')}
            </button>
          )}
        </div>
      )}
    </>
  );
}
