import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useEvent } from '../api/client';
import { TeamScreen } from '../components/analytics/TeamScreen';
import { CustomersScreen } from '../components/customers/CustomersScreen';
import { FollowUpAlerts } from '../components/customers/FollowUpAlerts';
import { AccountRail } from '../components/rail/AccountRail';
import { Dialogs } from '../components/dialogs/Dialogs';
import { Inbox } from '../components/inbox/Inbox';
import { LiveArea } from '../components/live/LiveArea';
import { NavBar } from '../components/NavBar';
import { NotificationsPanel } from '../components/notifications/NotificationsPanel';
import { SearchPalette } from '../components/search/SearchPalette';
import { SettingsScreen } from '../components/settings/SettingsScreen';
import { Toasts } from '../components/Toasts';
import { switchLanguage } from '../i18n';
import { useStore } from '../lib/store';
import { useHost } from '../state/host';
import { screenFor } from '../state/screens';
import { settingsStore } from '../state/settings';
import { ui, uiStore } from '../state/ui';
import { useKeyboard } from './keyboard';
import { useTheme } from './theme';

export function App() {
  const { t } = useTranslation();
  const screen = screenFor(useHost(), useStore(uiStore, (s) => s.screen));
  const searchOpen = useStore(uiStore, (s) => s.searchOpen);
  const notificationsOpen = useStore(uiStore, (s) => s.notificationsOpen);
  const language = useStore(settingsStore, (s) => s?.language);
  useKeyboard();
  useTheme();
  useEffect(() => {
    if (language) void switchLanguage(language);
  }, [language]);
  useEffect(() => {
    document.title = t('app.title');
  }, [t, language]);
  useEvent('app.open', (target) => {
    ui.patch({ activeAccountId: target.accountId });
    ui.openChat(target.accountId, target.chatId, target.messageId);
  });
  useEvent('app.openCustomer', ({ customerId }) => ui.openCustomer(customerId));
  return (
    <div className="app" data-screen={screen}>
      <NavBar />
      <AccountRail />
      <main className="main">
        {screen === 'live' && <LiveArea />}
        {screen === 'inbox' && <Inbox />}
        {screen === 'customers' && <CustomersScreen />}
        {screen === 'team' && <TeamScreen />}
        {screen === 'settings' && <SettingsScreen />}
      </main>
      {searchOpen && <SearchPalette />}
      {notificationsOpen && <NotificationsPanel />}
      <Dialogs />
      <Toasts />
      <FollowUpAlerts />
    </div>
  );
}
