import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TeamRestorable, TeamRestoreProgress } from '../../../shared/team-views';
import { call, useEvent } from '../../api/client';
import { formatNumber } from '../../lib/format';
import { reportError, toast } from '../../state/toasts';

/**
 * Settings → Team server, once enrolled: the accounts the team server holds for this user, and
 * bringing them down to this PC with their whole history (a new or rebuilt PC). Afterwards
 * each number is linked by QR to continue it here.
 */
export function TeamRestore() {
  const { t } = useTranslation();
  const [accounts, setAccounts] = useState<TeamRestorable[] | null>(null);
  const [progress, setProgress] = useState<TeamRestoreProgress | null>(null);
  const [running, setRunning] = useState(false);
  useEffect(() => {
    call('team.restorable', {}).then(setAccounts).catch(reportError);
  }, []);
  useEvent('team.restore', setProgress);
  if (!accounts || accounts.length === 0) return null;
  const restore = async () => {
    setRunning(true);
    try {
      const r = await call('team.restore', {});
      toast('info', 'teamServer.restore.done', { accounts: r.accounts.length, messages: formatNumber(r.messages) });
    } catch (err) {
      reportError(err);
    } finally {
      setRunning(false);
      setProgress(null);
    }
  };
  return (
    <div className="team-restore" data-testid="team-restore">
      <h3>{t('teamServer.restore.title')}</h3>
      <p className="small muted">{t('teamServer.restore.hint')}</p>
      <ul>
        {accounts.map((a) => (
          <li key={a.id} translate="no">{a.label} · {a.phone ?? a.id} · {t('teamServer.restore.messages', { count: a.messages })}</li>
        ))}
      </ul>
      {progress && (
        <p className="small" role="status" data-testid="team-restore-progress">
          {t(progress.stage === 'media' ? 'teamServer.restore.media' : 'teamServer.restore.progress', {
            label: progress.label, index: progress.index, accounts: progress.accounts, done: formatNumber(progress.done), total: formatNumber(progress.total),
          })}
        </p>
      )}
      <button type="button" className="button" disabled={running} onClick={() => void restore()} data-testid="team-restore-run">
        {running ? t('teamServer.restore.running') : t('teamServer.restore.run')}
      </button>
    </div>
  );
}
