import { useTranslation } from 'react-i18next';
import type { AccountView } from '../../../shared/account-views';

/** The account's lifecycle state as a coloured dot and a word; syncing shows its progress. */
export function StateBadge({ account, compact = false }: { account: Pick<AccountView, 'state' | 'sync'>; compact?: boolean }) {
  const { t } = useTranslation();
  const { state, sync } = account;
  const pct = sync && sync.chatsTotal > 0 ? Math.min(100, Math.round((sync.chatsDone / sync.chatsTotal) * 100)) : null;
  return (
    <span className={`state state-${state}`} data-state={state}>
      <span className="state-dot" aria-hidden="true" />
      {!compact && (
        <span className="state-text">
          {state === 'syncing' && pct !== null ? t('state.syncingProgress', { pct }) : t(`state.${state}`)}
        </span>
      )}
    </span>
  );
}

export function SyncBar({ account }: { account: Pick<AccountView, 'state' | 'sync'> }) {
  const { t } = useTranslation();
  if (account.state !== 'syncing' || !account.sync) return null;
  const { chatsDone, chatsTotal, messages } = account.sync;
  const pct = chatsTotal > 0 ? Math.min(100, (chatsDone / chatsTotal) * 100) : 0;
  return (
    <div className="syncbar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(pct)}
      aria-label={t('state.syncDetail', { done: chatsDone, total: chatsTotal, messages })}
      title={t('state.syncDetail', { done: chatsDone, total: chatsTotal, messages })}>
      <span style={{ width: `${pct}%` }} />
    </div>
  );
}
