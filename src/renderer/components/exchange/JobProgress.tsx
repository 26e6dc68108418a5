import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExchangeDone, ExchangeProgress } from '../../../shared/crm-views';
import { call, useEvent } from '../../api/client';
import { reportError } from '../../state/toasts';

/** Progress, cancel and result of one export or import job (exchange.* events). */
export function JobProgress({ jobId, onDone }: { jobId: string; onDone?: (d: ExchangeDone) => void }) {
  const { t } = useTranslation();
  const [progress, setProgress] = useState<ExchangeProgress | null>(null);
  const [done, setDone] = useState<ExchangeDone | null>(null);
  useEvent('exchange.progress', (p) => {
    if (p.jobId === jobId) setProgress(p);
  });
  useEvent('exchange.done', (d) => {
    if (d.jobId !== jobId) return;
    setDone(d);
    onDone?.(d);
  });
  const pct = progress && progress.total > 0 ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : done ? 100 : 0;
  if (done) {
    return (
      <div data-testid="job-done">
        {done.ok ? <p>{t('exchange.doneOk', { count: done.messages })}</p>
          : <p className="error-text">{done.error?.code === 'CANCELLED' ? t('exchange.cancelled') : t(`errors.${done.error?.code ?? 'INTERNAL'}`, { detail: done.error?.message ?? '' })}</p>}
        {done.folder && <p className="small">{t('exchange.folder')}: <code>{done.folder}</code></p>}
        {done.ok && done.files.length > 0 && <ul className="job-files">{done.files.map((f) => <li key={f}>{f}</li>)}</ul>}
      </div>
    );
  }
  return (
    <div data-testid="job-progress">
      <div className="progress" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}><span style={{ width: `${pct}%` }} /></div>
      <div className="crm-inline">
        <span className="small">{progress ? t('exchange.progress', { done: progress.done, total: progress.total }) : t('exchange.preparing')}</span>
        <button type="button" className="button" onClick={() => call('exchange.cancel', { jobId }).catch(reportError)} data-testid="job-cancel">
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}
