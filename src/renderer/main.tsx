import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { initI18n } from './i18n';
import { syncAccounts } from './state/accounts';
import { syncChatFeed } from './state/chat-feed';
import { syncNotifications } from './state/notifications';
import { loadSettings, syncSettings } from './state/settings';
import { reportError } from './state/toasts';
import { syncTeam } from './state/team';
import { syncTranslation } from './state/translation';
import './styles/app.css';

async function start(): Promise<void> {
  const settings = await loadSettings();
  await initI18n(settings.language);
  syncSettings();
  syncAccounts();
  syncChatFeed();
  syncNotifications();
  syncTranslation();
  syncTeam();
  const root = document.getElementById('root')!;
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

start().catch((err: unknown) => {
  reportError(err);
  console.error('Switchboard could not start:', err);
});
