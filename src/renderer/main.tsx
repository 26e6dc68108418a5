import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { BRIDGE_KEY } from '../shared/bridge';
import { CallError } from './api/client';
import { httpBridge } from './api/http-bridge';
import { App } from './app/App';
import { SignIn } from './components/console/SignIn';
import { browserLanguage, initI18n } from './i18n';
import { syncAccounts } from './state/accounts';
import { syncChatFeed } from './state/chat-feed';
import { can, loadHost } from './state/host';
import { syncNotifications } from './state/notifications';
import { loadSettings, syncSettings } from './state/settings';
import { reportError } from './state/toasts';
import { syncTeam } from './state/team';
import { syncTranslation } from './state/translation';
import './styles/app.css';

function render(node: ReactNode): void {
  createRoot(document.getElementById('root')!).render(<StrictMode>{node}</StrictMode>);
}

async function start(): Promise<void> {
  // In Electron the preload put the bridge here; in a browser the team server hosts the app.
  if (!(BRIDGE_KEY in window)) Object.defineProperty(window, BRIDGE_KEY, { value: httpBridge(), enumerable: true });
  try {
    await loadHost();
  } catch (err) {
    if (!(err instanceof CallError && err.code === 'SIGNED_OUT')) throw err;
    await initI18n(browserLanguage());
    render(<SignIn onSignedIn={() => location.reload()} />);
    return;
  }
  const settings = await loadSettings();
  await initI18n(settings.language);
  syncSettings();
  syncAccounts();
  syncChatFeed();
  if (can('notifications.list')) syncNotifications();
  if (can('translate.historyJobs')) syncTranslation();
  if (can('team.status')) syncTeam();
  render(<App />);
}

start().catch((err: unknown) => {
  reportError(err);
  console.error('Switchboard could not start:', err);
});
