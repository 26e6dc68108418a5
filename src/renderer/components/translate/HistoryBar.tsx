import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { languageName } from '../../lib/languages';
import { useStore } from '../../lib/store';
import { reportError } from '../../state/toasts';
import { chatKey, dismissHistory, historyStore } from '../../state/translation';
import { Icon } from '../ui/icons';
import { translateErrorText } from './errors';
import './translate.css';

/** A chat's history translation: progress and cancel while it runs, how it ended afterwards. */
export function HistoryBar({ accountId, chatId }: { accountId: string; chatId: string }) {
  const { t } = useTranslation();
  const job = useStore(historyStore, (s) => s[chatKey(accountId, chatId)]);
  if (!job) return null;
  const done = job.translated + job.failed;
  const pct = job.total > 0 ? Math.min(100, Math.round((done / job.total) * 100)) : job.state === 'done' ? 100 : 0;
  const running = job.state === 'running';
  return (
    <div className={`history-bar is-${job.state}`} role="status" data-testid="history-bar" data-state={job.state}>
      <Icon name={job.state === 'failed' ? 'alert' : 'translate'} size={16} />
      <span className="history-text">
        {t(`translate.history.state.${job.state}`, { done, total: job.total, translated: job.translated, lang: languageName(job.to) })}
        {job.failed > 0 && <> · {t('translate.history.failed', { count: job.failed })}</>}
        {job.state === 'failed' && job.error && <> · {translateErrorText(t, job.error)}</>}
      </span>
      <div className="history-progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}
        aria-label={t('translate.history.progress')} data-testid="history-progress">
        <span style={{ width: `${pct}%` }} />
      </div>
      {running ? (
        <button type="button" className="button ghost small" data-testid="history-cancel"
          onClick={() => call('translate.historyCancel', { jobId: job.jobId }).catch(reportError)}>
          {t('common.cancel')}
        </button>
      ) : (
        <button type="button" className="icon-button small" aria-label={t('common.close')} title={t('common.close')}
          onClick={() => dismissHistory(accountId, chatId)} data-testid="history-dismiss">
          <Icon name="close" size={14} />
        </button>
      )}
    </div>
  );
}
