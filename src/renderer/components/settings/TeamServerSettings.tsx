import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TeamServerPreview } from '../../../shared/team-views';
import { call } from '../../api/client';
import { formatDateTime } from '../../lib/format';
import { useStore } from '../../lib/store';
import { teamStore } from '../../state/team';
import { reportError, toast } from '../../state/toasts';
import { TeamRestore } from './TeamRestore';
import { teamStateText } from './team-state-text';

/**
 * Settings → Team server: join the company's team archive with the address and one-time code
 * IT gives, after comparing the server's certificate fingerprint (it is pinned: no other
 * certificate is trusted afterwards). Once enrolled: the server, this device, and how
 * replication stands.
 */
export function TeamServerSettings() {
  const { t } = useTranslation();
  const status = useStore(teamStore, (s) => s);
  const [url, setUrl] = useState('');
  const [preview, setPreview] = useState<TeamServerPreview | null>(null);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);

  const check = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      setPreview(await call('team.preview', { serverUrl: url.trim() }));
    } catch (err) {
      setPreview(null);
      reportError(err);
    } finally {
      setBusy(false);
    }
  };
  const join = async (e: FormEvent) => {
    e.preventDefault();
    if (!preview) return;
    setBusy(true);
    try {
      teamStore.set(await call('team.enroll', {
        serverUrl: url.trim(), code: code.trim(), fingerprint: preview.fingerprint, passphrase, ...(name.trim() ? { deviceName: name.trim() } : {}),
      }));
      setPassphrase('');
      toast('info', 'teamServer.joined');
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(false);
    }
  };

  const enrolled = status?.enrollment;
  return (
    <div className="settings-card" data-testid="team-server">
      <h2>{t('teamServer.title')}</h2>
      {enrolled ? (
        <dl className="facts">
          <dt>{t('teamServer.server')}</dt><dd translate="no" data-testid="team-server-url">{enrolled.serverUrl}</dd>
          <dt>{t('teamServer.device')}</dt><dd translate="no">{enrolled.deviceName}</dd>
          <dt>{t('teamServer.fingerprint')}</dt><dd translate="no" className="fingerprint">{enrolled.fingerprint ?? t('teamServer.noTls')}</dd>
          <dt>{t('teamServer.enrolledAt')}</dt><dd>{formatDateTime(enrolled.enrolledAt)}</dd>
          <dt>{t('teamServer.replication')}</dt>
          <dd data-testid="team-server-state" data-state={status.replication.state}>{teamStateText(t, status.replication)}</dd>
        </dl>
      ) : null}
      {enrolled && <TeamRestore />}
      {!enrolled && (
        <>
          <p className="small muted">{t('teamServer.hint')}</p>
          <form className="form" onSubmit={(e) => void check(e)}>
            <label>{t('teamServer.address')}
              <input type="url" value={url} onChange={(e) => { setUrl(e.target.value); setPreview(null); }} placeholder="https://team.example.com:8443"
                spellCheck={false} autoComplete="off" required data-testid="team-url" />
            </label>
            <div className="form-actions">
              <button type="submit" className="button" disabled={busy || !url.trim()} data-testid="team-check">{t('teamServer.check')}</button>
            </div>
          </form>
          {preview && (
            <form className="form" onSubmit={(e) => void join(e)} data-testid="team-join">
              {preview.fingerprint ? (
                <p className="small">{t('teamServer.compare')}<br /><code className="fingerprint" translate="no" data-testid="team-fingerprint">{preview.fingerprint}</code></p>
              ) : <p className="small warning">{t('teamServer.plainHttp')}</p>}
              <label>{t('teamServer.code')}
                <input type="text" value={code} onChange={(e) => setCode(e.target.value)} placeholder="ABCD-EFGH-JKLM-NPQR" autoComplete="off"
                  spellCheck={false} required data-testid="team-code" />
              </label>
              <label>{t('teamServer.deviceName')}
                <input type="text" value={name} onChange={(e) => setName(e.target.value)} placeholder={t('teamServer.deviceNameHint')} />
              </label>
              <label>{t('handover.adminPassphrase')}
                <input type="password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} autoComplete="current-password" required
                  data-testid="team-passphrase" />
              </label>
              <div className="form-actions">
                <button type="submit" className="button primary" disabled={busy || !code.trim() || !passphrase} data-testid="team-enroll">
                  {preview.fingerprint ? t('teamServer.joinPinned') : t('teamServer.join')}
                </button>
              </div>
            </form>
          )}
        </>
      )}
    </div>
  );
}
