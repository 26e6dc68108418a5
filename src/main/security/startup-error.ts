import { app, BrowserWindow } from 'electron';
import { startupErrorHtml } from '../policy/startup-error-page';
import { HARDENED_WEB_PREFERENCES } from './web-preferences';

/**
 * Shown instead of the app when the archive cannot be opened safely (key unreadable,
 * plaintext keystore, forbidden switches): nothing was created or changed, and the screen
 * says what to do. No script, no preload; closing it quits.
 */
export async function showStartupError(e: { code: string; zh: string; en: string; detail?: string | null }): Promise<BrowserWindow> {
  const win = new BrowserWindow({
    width: 760,
    height: 520,
    title: 'Switchboard',
    webPreferences: { ...HARDENED_WEB_PREFERENCES, javascript: false },
  });
  win.setMenuBarVisibility(false);
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.on('closed', () => app.quit());
  await win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(startupErrorHtml(e))}`);
  return win;
}
