import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { useStore } from '../../lib/store';
import { accountsStore } from '../../state/accounts';
import { reportError } from '../../state/toasts';
import type { ChatListItem } from '../../../shared/archive-views';
import { JobProgress } from './JobProgress';
import { PathField } from '../ui/PathField';
import type { WhatsAppExportPreview } from '../../../shared/crm-views';
import { DateOrderPicker } from './DateOrderPicker';
import { prepareWhatsAppImport, startWhatsAppImport } from './start-whatsapp-import';

/** Bundle export and import (admin), and WhatsApp "Export chat" files into one chat. Paths are typed, pasted or chosen in the system dialog. */
export function ImportPanel() {
  const { t } = useTranslation();
  const accounts = useStore(accountsStore, (s) => s.list);
  const [bundle, setBundle] = useState({ file: '', bundlePassphrase: '', passphrase: '', accountIds: [] as string[] });
  const [wa, setWa] = useState({ file: '', accountId: '', chatId: '', me: '' });
  const [jobs, setJobs] = useState<string[]>([]);
  const [pick, setPick] = useState<WhatsAppExportPreview | null>(null);
  const [chats, setChats] = useState<ChatListItem[]>([]);
  // the chats of the chosen account, to import into by name rather than by id
  useEffect(() => {
    if (!wa.accountId) return setChats([]);
    let live = true;
    call('archive.chatList', { accountIds: [wa.accountId], limit: 1000 }).then((list) => live && setChats(list), reportError);
    return () => {
      live = false;
    };
  }, [wa.accountId]);
  const started = (r: { jobId: string }) => setJobs((j) => [r.jobId, ...j]);
  const secret = bundle.bundlePassphrase ? { bundlePassphrase: bundle.bundlePassphrase } : {};
  return (
    <>
      <div className="team-card" data-testid="bundle-panel">
        <h3>{t('exchange.bundleTitle')}</h3>
        <p className="small muted">{t('exchange.bundleHint')}</p>
        <div className="crm-inline">
          {accounts.map((a) => (
            <label key={a.id}><input type="checkbox" checked={bundle.accountIds.includes(a.id)} onChange={(e) => setBundle({ ...bundle,
              accountIds: e.target.checked ? [...bundle.accountIds, a.id] : bundle.accountIds.filter((x) => x !== a.id) })} /> {a.label}</label>
          ))}
        </div>
        <div className="crm-inline">
          <PathField value={bundle.file} onChange={(file) => setBundle({ ...bundle, file })} purpose={bundle.accountIds.length ? 'bundleSave' : 'bundleOpen'}
            label={t('exchange.bundleFile')} testId="bundle-file" />
          <input type="password" value={bundle.bundlePassphrase} onChange={(e) => setBundle({ ...bundle, bundlePassphrase: e.target.value })}
            placeholder={t('handover.bundlePassphrase')} aria-label={t('handover.bundlePassphrase')} autoComplete="new-password" />
          <input type="password" value={bundle.passphrase} onChange={(e) => setBundle({ ...bundle, passphrase: e.target.value })}
            placeholder={t('handover.adminPassphrase')} aria-label={t('handover.adminPassphrase')} autoComplete="current-password" />
        </div>
        <div className="form-actions">
          <button type="button" className="button" disabled={!bundle.passphrase || bundle.accountIds.length === 0}
            onClick={() => call('exchange.exportBundle', { accountIds: bundle.accountIds, passphrase: bundle.passphrase, ...secret,
              ...(bundle.file.trim() ? { file: bundle.file.trim() } : {}) }).then(started, reportError)}>{t('exchange.exportBundle')}</button>
          <button type="button" className="button" disabled={!bundle.passphrase || !bundle.file.trim()}
            onClick={() => call('exchange.importBundle', { file: bundle.file.trim(), passphrase: bundle.passphrase, ...secret }).then(started, reportError)}>
            {t('exchange.importBundle')}</button>
        </div>
      </div>
      <div className="team-card" data-testid="whatsapp-panel">
        <h3>{t('exchange.whatsappTitle')}</h3>
        <p className="small muted">{t('exchange.whatsappHint')}</p>
        <div className="crm-inline">
          <PathField value={wa.file} onChange={(file) => setWa({ ...wa, file })} purpose="whatsappExport" label={t('exchange.whatsappFile')} testId="whatsapp-file" />
          <select value={wa.accountId} onChange={(e) => setWa({ ...wa, accountId: e.target.value, chatId: '' })} aria-label={t('exchange.account')}
            data-testid="whatsapp-account">
            <option value="">{t('exchange.account')}</option>
            {accounts.map((a) => <option key={a.id} value={a.id}>{a.label}</option>)}
          </select>
          <select value={wa.chatId} onChange={(e) => setWa({ ...wa, chatId: e.target.value })} aria-label={t('exchange.chat')} disabled={!wa.accountId}
            data-testid="whatsapp-chat">
            <option value="">{t('exchange.chat')}</option>
            {chats.map((c) => <option key={c.chatId} value={c.chatId}>{c.name ?? c.chatId}</option>)}
          </select>
          <input type="text" value={wa.me} onChange={(e) => setWa({ ...wa, me: e.target.value })} placeholder={t('exchange.me')} aria-label={t('exchange.me')} />
          <button type="button" className="button" disabled={!wa.file.trim() || !wa.accountId || !wa.chatId.trim()}
            onClick={() => prepareWhatsAppImport(wa).then((r) => ('jobId' in r ? started(r) : setPick(r.pick)), reportError)}>
            {t('exchange.importWhatsApp')}</button>
        </div>
        {pick && <DateOrderPicker preview={pick} onCancel={() => setPick(null)} onPick={(order) => {
          setPick(null);
          startWhatsAppImport(wa, order).then((jobId) => started({ jobId }), reportError);
        }} />}
      </div>
      {jobs.map((id) => <div key={id} className="team-card"><JobProgress jobId={id} /></div>)}
    </>
  );
}
