import { type DragEvent, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountView } from '../../../shared/account-views';
import { ARCHIVE_ONLY_STATES } from '../../../shared/account-state';
import { call } from '../../api/client';
import { useStore } from '../../lib/store';
import { accountsStore } from '../../state/accounts';
import { useCan } from '../../state/host';
import { reportError } from '../../state/toasts';
import { showAccount } from '../../state/navigation';
import { uiStore, ui } from '../../state/ui';
import { Avatar } from '../ui/Avatar';
import { Icon } from '../ui/icons';
import { AccountMenu } from './AccountMenu';
import { StateBadge, SyncBar } from './StateBadge';
import { TeamState } from './TeamState';

function moved(list: AccountView[], dragId: string, targetId: string, after: boolean): string[] {
  const ids = list.map((a) => a.id).filter((id) => id !== dragId);
  const at = ids.indexOf(targetId);
  ids.splice(after ? at + 1 : at, 0, dragId);
  return ids;
}

export function AccountRail() {
  const { t } = useTranslation();
  const accounts = useStore(accountsStore, (s) => s.list);
  const loaded = useStore(accountsStore, (s) => s.loaded);
  const activeId = useStore(uiStore, (s) => s.activeAccountId);
  const screen = useStore(uiStore, (s) => s.screen);
  const [drag, setDrag] = useState<{ id: string; over: string | null; after: boolean } | null>(null);
  const [menuFor, setMenuFor] = useState<string | null>(null);
  const canAdd = useCan('accounts.add');
  const canReorder = useCan('accounts.reorder');

  const onDrop = useCallback(async (e: DragEvent, target: AccountView) => {
    e.preventDefault();
    const d = drag;
    setDrag(null);
    if (!d || d.id === target.id) return;
    const order = moved(accountsStore.get().list, d.id, target.id, d.after);
    const before = accountsStore.get().list;
    const byId = new Map(before.map((a) => [a.id, a]));
    accountsStore.set((s) => ({ ...s, list: order.map((id) => byId.get(id)!).filter(Boolean) }));
    try {
      await call('accounts.reorder', { accountIds: order });
    } catch (err) {
      accountsStore.set((s) => ({ ...s, list: before }));
      reportError(err);
    }
  }, [drag]);

  return (
    <aside className="rail" aria-label={t('rail.title')}>
      <header className="rail-header">
        <h2>{t('rail.title')}</h2>
        <span className="rail-count">{accounts.length}</span>
        {canAdd && (
          <button type="button" className="icon-button" onClick={() => ui.patch({ dialog: { kind: 'addAccount' } })}
            title={t('rail.add')} aria-label={t('rail.add')} data-testid="add-account">
            <Icon name="plus" />
          </button>
        )}
      </header>
      <ol className="rail-list" data-testid="account-rail">
        {accounts.map((a, i) => {
          const archiveOnly = ARCHIVE_ONLY_STATES.includes(a.state);
          const classes = ['rail-item',
            a.id === activeId && screen === 'live' ? 'is-active' : '',
            drag?.over === a.id ? (drag.after ? 'drop-after' : 'drop-before') : '',
            drag?.id === a.id ? 'is-dragging' : '',
            archiveOnly ? 'is-archive-only' : ''].filter(Boolean).join(' ');
          return (
            <li key={a.id} className={classes} draggable={canReorder} data-account-id={a.id} data-testid="account-item"
              onDragStart={(e) => {
                e.dataTransfer.effectAllowed = 'move';
                e.dataTransfer.setData('text/plain', a.id);
                setDrag({ id: a.id, over: null, after: false });
              }}
              onDragOver={(e) => {
                if (!drag) return;
                e.preventDefault();
                const r = e.currentTarget.getBoundingClientRect();
                const after = e.clientY > r.top + r.height / 2;
                if (drag.over !== a.id || drag.after !== after) setDrag({ ...drag, over: a.id, after });
              }}
              onDragEnd={() => setDrag(null)}
              onDrop={(e) => void onDrop(e, a)}
              onContextMenu={(e) => {
                e.preventDefault();
                setMenuFor(a.id);
              }}>
              <button type="button" className="rail-main" onClick={() => showAccount(a)}
                title={i < 9 ? t('rail.shortcut', { n: i + 1 }) : undefined}>
                <span className="rail-avatar">
                  <Avatar name={a.label} seed={a.id} size={38} />
                  <StateBadge account={a} compact />
                </span>
                <span className="rail-text">
                  <span className="rail-label-row">
                    <span className="rail-label" translate="no">{a.label}</span>
                    {a.unread > 0 && <span className="unread-pill" data-testid="account-unread">{a.unread > 99 ? '99+' : a.unread}</span>}
                  </span>
                  <span className="rail-sub">
                    <StateBadge account={a} />
                    {a.ownerName && <span className="rail-owner" translate="no">{a.ownerName}</span>}
                  </span>
                  <SyncBar account={a} />
                </span>
              </button>
              <div className="menu-anchor rail-more">
                <button type="button" className="icon-button small" aria-label={t('rail.menu')} title={t('rail.menu')}
                  onClick={() => setMenuFor(menuFor === a.id ? null : a.id)} data-testid="account-menu">
                  <Icon name="more" size={16} />
                </button>
                <AccountMenu account={a} open={menuFor === a.id} onClose={() => setMenuFor(null)} />
              </div>
            </li>
          );
        })}
      </ol>
      {loaded && accounts.length === 0 && (
        <div className="rail-empty">
          <p>{t(canAdd ? 'rail.empty' : 'rail.emptyTeam')}</p>
          {canAdd && (
            <button type="button" className="button primary" onClick={() => ui.patch({ dialog: { kind: 'addAccount' } })}>
              {t('rail.addFirst')}
            </button>
          )}
        </div>
      )}
      <footer className="rail-footer">
        <TeamState />
        {canReorder && <span><Icon name="drag" size={14} /> {t('rail.reorderHint')}</span>}
      </footer>
    </aside>
  );
}
