import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TeamOverview } from '../../../shared/team-views';
import { call, useEvent } from '../../api/client';
import { formatNumber } from '../../lib/format';
import { reportError } from '../../state/toasts';
import { ACCOUNT_STATES, type AccountState } from '../../../shared/account-state';
import { useHost } from '../../state/host';
import { StateBadge } from '../rail/StateBadge';
import { HandoverDialog } from './HandoverDialog';

/** A state a PC reported; one this version does not know shows as stopped. */
const asState = (s: string): AccountState => ((ACCOUNT_STATES as readonly string[]).includes(s) ? (s as AccountState) : 'stopped');

/** The team console's overview: every rep the user may see, their PCs (online, backlog, version) and their accounts' states. */
export function TeamOverviewPanel() {
  const { t, i18n } = useTranslation();
  const [overview, setOverview] = useState<TeamOverview | null>(null);
  const [nonce, setNonce] = useState(0);
  const host = useHost();
  // a lead hands over within their team, an admin anything (the server decides; reps are not offered it)
  const manages = host?.user?.role === 'admin' || host?.user?.role === 'lead';
  const [handover, setHandover] = useState<Parameters<typeof HandoverDialog>[0]['subject'] | null>(null);
  useEffect(() => {
    let live = true;
    call('team.overview', {}).then((o) => live && setOverview(o)).catch(reportError);
    return () => {
      live = false;
    };
  }, [nonce]);
  // a PC reported an account's state (live, needs QR, banned…)
  useEvent('accounts.changed', () => setNonce((n) => n + 1));
  if (!overview) return <p className="muted">{t('overview.loading')}</p>;
  const when = (ms: number | null) => (ms === null ? t('overview.never') : new Date(ms).toLocaleString(i18n.language));
  return (
    <div className="team-overview" data-testid="team-overview">
      {overview.users.filter((u) => !u.disabled).map((u) => (
        <section key={u.id} className="team-card" data-testid="overview-user" data-login={u.login}>
          <h3 translate="no">{u.name} <span className="role-tag">{t(`overview.role.${u.role}`)}</span>{u.team && <span className="muted"> · {u.team}</span>}
            {manages && u.role === 'rep' && u.id !== host?.user?.id && (
              <button type="button" className="button ghost small" onClick={() => setHandover({ kind: 'user', userId: u.id, name: u.name })}
                data-testid="offboard-user">{t('handoverConsole.offboard')}</button>
            )}
            {manages && (
              <button type="button" className="button ghost small" onClick={() => setHandover({ kind: 'customers', userId: u.id, name: u.name })}
                data-testid="handover-customers">{t('handoverConsole.handOverCustomers')}</button>
            )}
          </h3>
          <table className="overview-table">
            <tbody>
              {u.devices.map((d) => (
                <tr key={d.id} data-testid="overview-device" data-online={d.online}>
                  <td translate="no">{d.name}</td>
                  <td>{d.revokedAt !== null ? t('overview.revoked') : d.online ? t('overview.online') : t('overview.offline')}</td>
                  <td>{t('overview.lastSeen', { when: when(d.lastSeenAt) })}</td>
                  <td>{d.upload ? t('overview.uploading', { done: formatNumber(d.upload.done), total: formatNumber(d.upload.total) })
                    : d.pendingOps ? t('overview.pending', { count: d.pendingOps }) : t('overview.synced')}</td>
                  <td className="muted" translate="no">{d.appVersion ?? ''}</td>
                </tr>
              ))}
              {u.devices.length === 0 && <tr><td className="muted">{t('overview.noDevices')}</td></tr>}
            </tbody>
          </table>
          <ul className="overview-accounts">
            {u.accounts.map((a) => (
              <li key={a.id} data-testid="overview-account" data-state={a.state}>
                <span translate="no">{a.label}</span>
                <StateBadge account={{ state: asState(a.state), sync: null }} />
                {a.unread > 0 && <span className="unread-pill" title={t('overview.unread')} data-testid="overview-unread">{a.unread}</span>}
                {a.waiting > 0 && <span className="role-tag" data-testid="overview-waiting">{t('overview.waiting', { count: a.waiting })}</span>}
                {manages && (
                  <button type="button" className="button ghost small" onClick={() => setHandover({ kind: 'account', accountId: a.id, label: a.label, ownerId: u.id })}
                    data-testid="handover-account">{t('handoverConsole.handOver')}</button>
                )}
              </li>
            ))}
          </ul>
        </section>
      ))}
      {handover && (
        <HandoverDialog subject={handover} people={overview.users} onClose={() => setHandover(null)} onDone={() => {
          setHandover(null);
          setNonce((n) => n + 1);
        }} />
      )}
    </div>
  );
}
