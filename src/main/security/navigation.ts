import { shell, type WebContents } from 'electron';
import type { NavigationDecision } from '../policy/url-policy';

/**
 * Locks a webContents' navigation and window.open to a policy (policy/url-policy.ts):
 * allowed navigations proceed, links go to the system browser, blob documents are
 * downloaded, everything else is dropped. No webContents ever opens an Electron window.
 */
export function lockNavigation(
  wc: WebContents,
  policy: { navigate: (url: string) => NavigationDecision; open: (url: string) => NavigationDecision },
  log: (msg: string) => void,
): void {
  const act = (d: NavigationDecision, what: string, url: string): boolean => {
    switch (d.action) {
      case 'allow':
        return true;
      case 'external':
        void shell.openExternal(d.url).catch((err: unknown) => log(`openExternal failed: ${String(err)}`));
        return false;
      case 'download':
        wc.downloadURL(d.url);
        return false;
      case 'deny':
        log(`${what} to ${url.slice(0, 200)} refused: ${d.reason}`);
        return false;
    }
  };
  const onNavigate = (event: { preventDefault(): void; url: string; isMainFrame: boolean }, what: string) => {
    if (!event.isMainFrame) return;
    if (!act(policy.navigate(event.url), what, event.url)) event.preventDefault();
  };
  wc.on('will-navigate', (event) => onNavigate(event, 'navigation'));
  wc.on('will-redirect', (event) => onNavigate(event, 'redirect'));
  wc.setWindowOpenHandler(({ url }) => {
    act(policy.open(url), 'window.open', url);
    return { action: 'deny' };
  });
  wc.on('will-attach-webview', (event) => event.preventDefault());
}
