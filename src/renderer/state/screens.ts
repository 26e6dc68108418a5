import type { AppInfo } from '../../shared/contract';
import type { IconName } from '../components/ui/icons';
import type { Screen } from './ui';

/** The screens of the far-left strip, and what the host must serve for each to be offered. */
export const SCREENS: Array<{ screen: Screen; icon: IconName; key: string; hint?: string; needs: (h: AppInfo) => boolean }> = [
  // the desktop's live WhatsApp views; on the team console, tiles of the archive as it arrives
  { screen: 'live', icon: 'grid', key: 'nav.live', hint: 'Ctrl+T', needs: (h) => h.host === 'desktop' || h.channels.includes('archive.threadSlice') },
  { screen: 'inbox', icon: 'inbox', key: 'nav.inbox', needs: (h) => h.channels.includes('archive.chatList') },
  { screen: 'customers', icon: 'contact', key: 'nav.customers', needs: (h) => h.channels.includes('customers.list') },
  { screen: 'team', icon: 'users', key: 'nav.team', needs: (h) => h.channels.includes('analytics.team') || h.channels.includes('team.overview') },
];

/** Settings is offered wherever the host keeps the user's preferences. */
const offered = (h: AppInfo, screen: Screen): boolean =>
  screen === 'settings' ? h.channels.includes('settings.get') : SCREENS.some((s) => s.screen === screen && s.needs(h));

/** The screen to show: the one asked for when the host offers it, else the first one it does. */
export function screenFor(h: AppInfo | null, wanted: Screen): Screen {
  if (!h || offered(h, wanted)) return wanted;
  return SCREENS.find((s) => s.needs(h))?.screen ?? 'settings';
}
