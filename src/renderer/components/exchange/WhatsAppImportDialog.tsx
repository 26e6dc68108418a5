import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { reportError } from '../../state/toasts';
import { Modal } from '../ui/Modal';
import { PathField } from '../ui/PathField';
import { JobProgress } from './JobProgress';
import type { WhatsAppExportPreview } from '../../../shared/crm-views';
import { DateOrderPicker } from './DateOrderPicker';
import { prepareWhatsAppImport, startWhatsAppImport } from './start-whatsapp-import';

/** Imports WhatsApp's own "Export chat" file into this chat: older history, and what fills its gaps. */
export function WhatsAppImportDialog({ accountId, chatId, title, onClose, onImported }: {
  accountId: string; chatId: string; title: string; onClose: () => void; onImported: () => void;
}) {
  const { t } = useTranslation();
  const [file, setFile] = useState('');
  const [me, setMe] = useState('');
  const [jobId, setJobId] = useState<string | null>(null);
  const [pick, setPick] = useState<WhatsAppExportPreview | null>(null);
  const request = { file, accountId, chatId, me };
  const start = () => {
    prepareWhatsAppImport(request).then((r) => ('jobId' in r ? setJobId(r.jobId) : setPick(r.pick)), reportError);
  };
  return (
    <Modal title={t('exchange.importInto', { name: title })} onClose={onClose} width={520} testId="wa-import-dialog"
      footer={pick && !jobId ? null : !jobId ? (
        <>
          <button type="button" className="button" onClick={onClose}>{t('common.cancel')}</button>
          <button type="button" className="button primary" disabled={!file.trim()} onClick={start} data-testid="wa-import-start">
            {t('exchange.importWhatsApp')}
          </button>
        </>
      ) : <button type="button" className="button" onClick={onClose}>{t('common.close')}</button>}>
      {pick && !jobId ? (
        <DateOrderPicker preview={pick} onCancel={() => setPick(null)}
          onPick={(order) => startWhatsAppImport(request, order).then(setJobId, reportError)} />
      ) : !jobId ? (
        <div className="form">
          <p className="small">{t('exchange.whatsappHint')}</p>
          <PathField value={file} onChange={setFile} purpose="whatsappExport" label={t('exchange.whatsappFile')} testId="wa-import-file" />
          <input type="text" value={me} onChange={(e) => setMe(e.target.value)} placeholder={t('exchange.me')} aria-label={t('exchange.me')} />
        </div>
      ) : <JobProgress jobId={jobId} onDone={(d) => d.ok && onImported()} />}
    </Modal>
  );
}
