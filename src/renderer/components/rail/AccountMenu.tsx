import { useTranslation } from 'react-i18next';
import type { AccountView } from '../../../shared/account-views';
import type { AccountState } from '../../../shared/account-state';
import { call } from '../../api/client';
import type { ChannelName } from '../../../shared/contract';
import { useHost } from '../../state/host';
import { reportError } from '../../state/toasts';
import { ui, uiStore } from '../../state/ui';
import { Popover } from '../ui/Popover';

type Lifecycle = 'accounts.start' | 'accounts.stop' | 'accounts.hibernate' | 'accounts.wake' | 'accounts.useHere' | 'accounts.retry';

/** Which lifecycle actions make sense in each state. */
const ACTIONS: Record<AccountState, Lifecycle[]> = {
  stopped: ['accounts.start'],
  starting: ['accounts.stop'],
  needs_qr: ['accounts.stop'],
  syncing: ['accounts.stop'],
  live: ['accounts.hibernate', 'accounts.stop'],
  hibernated: ['accounts.wake', 'accounts.stop'],
  logged_out: ['accounts.start'],
  banned: [],
  conflict: ['accounts.useHere', 'accounts.stop'],
  error: ['accounts.retry', 'accounts.stop'],
};

export function lifecycleActions(state: AccountState): Lifecycle[] {
  return ACTIONS[state];
}

export async function runLifecycle(channel: Lifecycle, accountId: string): Promise<void> {
  try {
    await call(channel, { accountId });
  } catch (err) {
    reportError(err);
  }
}

export function AccountMenu({ account, open, onClose }: { account: AccountView; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const host = useHost();
  const can = (c: ChannelName) => host?.channels.includes(c) ?? false;
  const item = (label: string, run: () => void, danger = false, testId?: string) => (
    <button key={label} type="button" role="menuitem" className={`menu-item ${danger ? 'danger' : ''}`} data-testid={testId}
      onClick={() => {
        onClose();
        run();
      }}>
      {label}
    </button>
  );
  return (
    <Popover open={open} onClose={onClose} align="right">
      {lifecycleActions(account.state).filter(can).map((c) => item(t(`actions.${c.split('.')[1]}`), () => void runLifecycle(c, account.id)))}
      {item(t('actions.openArchive'), () =>
        ui.patch({ screen: 'inbox', filters: { ...uiStore.get().filters, accountIds: [account.id] } }))}
      {can('accounts.rename') && item(t('actions.rename'), () => ui.patch({ dialog: { kind: 'renameAccount', accountId: account.id } }), false, 'rename-account')}
      {can('accounts.remove') && <hr />}
      {can('accounts.remove') && item(t('actions.remove'), () => ui.patch({ dialog: { kind: 'removeAccount', accountId: account.id } }), true, 'remove-account')}
    </Popover>
  );
}
