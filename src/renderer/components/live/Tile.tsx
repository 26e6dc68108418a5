import { useTranslation } from 'react-i18next';
import type { AccountView } from '../../../shared/account-views';
import { ARCHIVE_ONLY_STATES } from '../../../shared/account-state';
import { uiStore, ui } from '../../state/ui';
import { lifecycleActions, runLifecycle } from '../rail/AccountMenu';
import { StateBadge, SyncBar } from '../rail/StateBadge';
import { Avatar } from '../ui/Avatar';
import { Icon } from '../ui/icons';
import { useHost } from '../../state/host';
import { ArchiveTileBody } from './ArchiveTileBody';
import { QrCode } from './QrCode';

/** What the slot shows before (or instead of) the account's live view. */
function SlotContent({ account }: { account: AccountView }) {
  const { t } = useTranslation();
  const { state } = account;
  if (state === 'needs_qr') {
    return (
      <div className="slot-card slot-qr">
        {account.qr ? <QrCode value={account.qr} label={t('live.qrLabel', { label: account.label })} /> : <div className="spinner" />}
        <div className="qr-steps">
          <h3>{t('live.qrTitle')}</h3>
          <ol>
            <li>{t('live.qrStep1')}</li>
            <li>{t('live.qrStep2')}</li>
            <li>{t('live.qrStep3')}</li>
          </ol>
        </div>
      </div>
    );
  }
  if (state === 'starting' || state === 'syncing' || state === 'live') {
    const pct = account.sync && account.sync.chatsTotal > 0 ? Math.round((account.sync.chatsDone / account.sync.chatsTotal) * 100) : null;
    return (
      <div className="slot-surface">
        {state === 'starting' && <div className="spinner" />}
        <p>{state === 'syncing' ? (pct === null ? t('state.syncing') : t('state.syncingProgress', { pct })) : t(`live.surface.${state}`)}</p>
      </div>
    );
  }
  const archiveOnly = ARCHIVE_ONLY_STATES.includes(state);
  const actions = lifecycleActions(state);
  return (
    <div className={`slot-card slot-${state}`}>
      <Icon name={archiveOnly ? 'archive' : state === 'hibernated' ? 'moon' : state === 'error' ? 'alert' : 'power'} size={28} />
      <h3>{t(`state.${state}`)}</h3>
      <p>{t(`live.stateHint.${state}`)}</p>
      {account.detail && state === 'error' && <p className="slot-detail" translate="no">{account.detail}</p>}
      <div className="slot-actions">
        {actions.slice(0, 1).map((c) => (
          <button key={c} type="button" className="button primary" onClick={() => void runLifecycle(c, account.id)}>
            {t(`actions.${c.split('.')[1]}`)}
          </button>
        ))}
        {archiveOnly && (
          <button type="button" className="button" onClick={() =>
            ui.patch({ screen: 'inbox', filters: { ...uiStore.get().filters, accountIds: [account.id] } })}>
            {t('actions.openArchive')}
          </button>
        )}
      </div>
    </div>
  );
}

export function Tile({ account, blur, review }: { account: AccountView; blur: boolean; review: boolean }) {
  const { t } = useTranslation();
  // the team console has no live views: its tiles show the archive, as it arrives
  const archive = useHost()?.host === 'team';
  return (
    <article className={`tile ${blur ? 'is-blurred' : ''} ${review ? 'is-review' : ''}`} data-testid="tile" data-account-id={account.id}>
      <header className="tile-header">
        <Avatar name={account.label} seed={account.id} size={22} />
        <span className="tile-label" translate="no">{account.label}</span>
        <StateBadge account={account} />
        {account.unread > 0 && <span className="unread-pill">{account.unread > 99 ? '99+' : account.unread}</span>}
        <span className="toolbar-spacer" />
        {review && <span className="tile-flag" title={t('live.reviewHint')}><Icon name="lock" size={14} /> {t('live.review')}</span>}
      </header>
      <SyncBar account={account} />
      {archive ? (
        <div className="tile-body">
          <ArchiveTileBody account={account} />
        </div>
      ) : (
        <div className="tile-body" data-slot-account={account.id} data-testid="slot">
          <SlotContent account={account} />
        </div>
      )}
    </article>
  );
}
