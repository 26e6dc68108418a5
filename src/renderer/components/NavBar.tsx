import { useTranslation } from 'react-i18next';
import { signOut } from '../api/http-bridge';
import { useStore } from '../lib/store';
import { useHost } from '../state/host';
import { notificationsStore } from '../state/notifications';
import { SCREENS, screenFor } from '../state/screens';
import { ui, uiStore } from '../state/ui';
import { Icon } from './ui/icons';

/** The far-left strip: screens, search, notifications, settings. */
export function NavBar() {
  const { t } = useTranslation();
  const host = useHost();
  const screen = screenFor(host, useStore(uiStore, (s) => s.screen));
  const unread = useStore(notificationsStore, (s) => s.unread);
  return (
    <nav className="nav" aria-label={t('nav.label')}>
      <div className="brand" title="Switchboard" aria-hidden="true">
        <svg width="26" height="26" viewBox="0 0 32 32"><rect x="2" y="2" width="12" height="12" rx="3.5" fill="currentColor" />
          <rect x="18" y="2" width="12" height="12" rx="3.5" fill="currentColor" opacity=".55" />
          <rect x="2" y="18" width="12" height="12" rx="3.5" fill="currentColor" opacity=".55" />
          <rect x="18" y="18" width="12" height="12" rx="6" fill="currentColor" /></svg>
      </div>
      {SCREENS.filter((s) => host && s.needs(host)).map((s) => (
        <button key={s.screen} type="button" className={`nav-button ${screen === s.screen ? 'is-active' : ''}`}
          aria-current={screen === s.screen ? 'page' : undefined} onClick={() => ui.patch({ screen: s.screen })}
          title={s.hint ? `${t(s.key)} (${s.hint})` : t(s.key)} data-testid={`nav-${s.screen}`}>
          <Icon name={s.icon} size={21} />
          <span>{t(s.key)}</span>
        </button>
      ))}
      <button type="button" className="nav-button" onClick={() => ui.patch({ searchOpen: true })} title={`${t('nav.search')} (Ctrl+K)`}
        data-testid="nav-search">
        <Icon name="search" size={21} />
        <span>{t('nav.search')}</span>
      </button>
      <span className="nav-spacer" />
      {host?.channels.includes('notifications.list') && (
        <button type="button" className="nav-button" onClick={() => ui.patch({ notificationsOpen: !uiStore.get().notificationsOpen })}
          title={t('nav.notifications')} data-testid="nav-notifications">
          <Icon name="bell" size={21} />
          {unread > 0 && <span className="nav-badge" data-testid="notifications-badge">{unread > 99 ? '99+' : unread}</span>}
          <span>{t('nav.notifications')}</span>
        </button>
      )}
      <button type="button" className={`nav-button ${screen === 'settings' ? 'is-active' : ''}`} onClick={() => ui.patch({ screen: 'settings' })}
        title={t('nav.settings')} data-testid="nav-settings">
        <Icon name="settings" size={21} />
        <span>{t('nav.settings')}</span>
      </button>
      {host?.user && (
        <button type="button" className="nav-button" data-testid="sign-out" title={t('console.signOut', { name: host.user.name })}
          onClick={() => void signOut().then(() => location.reload())}>
          <Icon name="logout" size={21} />
          <span>{t('console.signOutShort')}</span>
        </button>
      )}
    </nav>
  );
}
