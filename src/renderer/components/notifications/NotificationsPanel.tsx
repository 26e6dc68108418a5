import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { formatShort } from '../../lib/format';
import { useStore } from '../../lib/store';
import { notificationsStore } from '../../state/notifications';
import { reportError } from '../../state/toasts';
import { ui } from '../../state/ui';
import { Avatar } from '../ui/Avatar';
import { Icon } from '../ui/icons';
import { idUser } from '../../../shared/vocabulary';

/** New incoming messages across accounts; a click opens the right account and chat. */
export function NotificationsPanel() {
  const { t } = useTranslation();
  const { items, unread } = useStore(notificationsStore, (s) => s);
  const open = async (id: string) => {
    try {
      const target = await call('notifications.open', { id });
      ui.patch({ activeAccountId: target.accountId });
      ui.openChat(target.accountId, target.chatId, target.messageId);
    } catch (err) {
      reportError(err);
    }
  };
  return (
    <div className="drawer-backdrop" onMouseDown={(e) => e.target === e.currentTarget && ui.patch({ notificationsOpen: false })}>
      <aside className="drawer" role="dialog" aria-label={t('notifications.title')} data-testid="notifications-panel">
        <header className="drawer-header">
          <h2>{t('notifications.title')}</h2>
          {unread > 0 && <span className="unread-pill">{unread}</span>}
          <span className="toolbar-spacer" />
          <button type="button" className="link-button" disabled={unread === 0}
            onClick={() => call('notifications.markRead', {}).catch(reportError)}>
            {t('notifications.markAll')}
          </button>
          <button type="button" className="icon-button" onClick={() => ui.patch({ notificationsOpen: false })} aria-label={t('common.close')}>
            <Icon name="close" />
          </button>
        </header>
        {items.length === 0 ? (
          <div className="empty-state small">
            <Icon name="bell" size={32} />
            <p>{t('notifications.empty')}</p>
          </div>
        ) : (
          <ul className="notification-list">
            {items.map((n) => (
              <li key={n.id}>
                <button type="button" className={`notification ${n.read ? '' : 'is-unread'}`} onClick={() => void open(n.id)}
                  data-testid="notification">
                  <Avatar name={n.chatName ?? n.senderName ?? '?'} seed={`${n.accountId}:${n.chatId}`} size={36} />
                  <span className="notification-text">
                    <span className="notification-head">
                      <span className="notification-chat" translate="no">{n.chatName ?? idUser(n.chatId)}</span>
                      <time>{formatShort(n.ts)}</time>
                    </span>
                    <span className="notification-preview" translate="no">
                      {n.senderName && n.senderName !== n.chatName ? `${n.senderName}: ` : ''}
                      {n.preview ?? ''}
                    </span>
                    <span className="account-tag" translate="no">{n.accountLabel}</span>
                  </span>
                  {!n.read && <span className="dot" aria-label={t('notifications.unread')} />}
                </button>
              </li>
            ))}
          </ul>
        )}
      </aside>
    </div>
  );
}
