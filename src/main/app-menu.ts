import { Menu, type MenuItemConstructorOptions } from 'electron';

/**
 * Packaged builds get a menu without View (reload, zoom, "Toggle Developer Tools"): the
 * account pages must not be opened in DevTools by a user, while capture still reaches them
 * over the loopback DevTools protocol. Development keeps Electron's default menu.
 */
export function installAppMenu(packaged: boolean): void {
  if (!packaged) return;
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { role: 'editMenu' },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
