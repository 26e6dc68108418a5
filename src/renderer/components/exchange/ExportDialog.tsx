import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EXPORT_FORMATS, type ExportFormat } from '../../../shared/crm-views';
import type { ChannelInput } from '../../../shared/contract';
import { call } from '../../api/client';
import { useStore } from '../../lib/store';
import { settingsStore } from '../../state/settings';
import { reportError } from '../../state/toasts';
import { Modal } from '../ui/Modal';
import { JobProgress } from './JobProgress';
import '../customers/workflows.css';

export type ExportSelection = ChannelInput<'exchange.exportChats'>['selection'];

const dayStart = (v: string) => (v ? new Date(`${v}T00:00`).getTime() : undefined);
const dayEnd = (v: string) => (v ? new Date(`${v}T23:59:59.999`).getTime() : undefined);

/** Export a chat, a customer or a date range as HTML, PDF, CSV or JSON, with progress and cancel. */
export function ExportDialog({ selection, title, onClose }: { selection: ExportSelection; title: string; onClose: () => void }) {
  const { t } = useTranslation();
  const language = useStore(settingsStore, (s) => s?.language ?? 'zh-CN');
  const [format, setFormat] = useState<ExportFormat>('html');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [jobId, setJobId] = useState<string | null>(null);
  const start = () => {
    const f = dayStart(from);
    const e = dayEnd(to);
    call('exchange.exportChats', {
      format, selection, language, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      ...(f !== undefined ? { from: f } : {}), ...(e !== undefined ? { to: e } : {}),
    }).then((r) => setJobId(r.jobId), reportError);
  };
  return (
    <Modal title={t('exchange.exportTitle', { name: title })} onClose={onClose} width={480} testId="export-dialog"
      footer={!jobId ? (
        <>
          <button type="button" className="button" onClick={onClose}>{t('common.cancel')}</button>
          <button type="button" className="button primary" onClick={start} data-testid="export-start">{t('exchange.start')}</button>
        </>
      ) : <button type="button" className="button" onClick={onClose}>{t('common.close')}</button>}>
      {!jobId ? (
        <div className="form">
          <fieldset className="crm-inline">
            <legend>{t('exchange.format')}</legend>
            {EXPORT_FORMATS.map((f) => (
              <label key={f}><input type="radio" name="format" checked={format === f} onChange={() => setFormat(f)} /> {f.toUpperCase()}</label>
            ))}
          </fieldset>
          <p className="small">{t(`exchange.formatHint.${format}`)}</p>
          <div className="crm-inline">
            <label>{t('exchange.from')} <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} /></label>
            <label>{t('exchange.to')} <input type="date" value={to} onChange={(e) => setTo(e.target.value)} /></label>
          </div>
          {selection.kind === 'range' && !from && !to && <p className="small">{t('exchange.allHistory')}</p>}
        </div>
      ) : <JobProgress jobId={jobId} />}
    </Modal>
  );
}
