import { app, dialog, Menu, nativeImage, Tray, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { UnreadReport } from '../../shared/ipc-wire';
import { dndFor, isDndActive, type DndChoice } from '../policy/notifications';
import { badgeText, unreadTotals } from '../policy/unread';
import type { ShellSettings } from '../shell-settings';
import { BADGE_DOT_16, TRAY_ICON_16, TRAY_ICON_32 } from './icons';

type Lang = 'zh-CN' | 'en';
const T = {
  'zh-CN': {
    open: '打开 Switchboard', dnd: '勿扰', off: '关闭', hour: '1 小时', tomorrow: '到明天 8:00', on: '直到关闭',
    login: '开机时启动', downloads: '下载文件夹…', chooseFolder: '选择下载文件夹', quit: '退出', unread: '条未读',
  },
  en: {
    open: 'Open Switchboard', dnd: 'Do not disturb', off: 'Off', hour: 'For 1 hour', tomorrow: 'Until 8:00 tomorrow', on: 'Until turned off',
    login: 'Start at login', downloads: 'Download folder…', chooseFolder: 'Choose the download folder', quit: 'Quit', unread: 'unread',
  },
} as const;

/**
 * Tray icon with the total unread, the taskbar/dock badge, and the shell's own settings
 * (do-not-disturb, start at login, download folder). Unread comes from each account
 * view's WhatsApp storage (account preload); a hibernated account keeps its last count.
 */
export class TrayAndBadge {
  #tray: Tray | null = null;
  readonly #unread = new Map<string, UnreadReport>();
  #dndChoice: DndChoice = 'off';

  constructor(
    private readonly deps: {
      window: () => BrowserWindow | null;
      settings: ShellSettings;
      language: () => Lang;
      showWindow: () => void;
      quit: () => void;
      log: (msg: string) => void;
    },
  ) {}

  start(): void {
    const icon = nativeImage.createFromDataURL(process.platform === 'win32' ? TRAY_ICON_16 : TRAY_ICON_32);
    this.#tray = new Tray(icon);
    this.#tray.on('click', () => this.deps.showWindow());
    this.#dndChoice = isDndActive(this.deps.settings.dnd, Date.now()) ? (this.deps.settings.dnd.until === null ? 'on' : '1h') : 'off';
    this.refresh();
  }

  setUnread(accountId: string, report: UnreadReport): void {
    this.#unread.set(accountId, report);
    this.refresh();
  }

  forget(accountId: string): void {
    if (this.#unread.delete(accountId)) this.refresh();
  }

  refresh(): void {
    const totals = unreadTotals(this.#unread.values());
    app.setBadgeCount(totals.badge);
    const win = this.deps.window();
    if (process.platform === 'win32' && win && !win.isDestroyed()) {
      const text = badgeText(totals.badge);
      win.setOverlayIcon(text ? nativeImage.createFromDataURL(BADGE_DOT_16) : null, text ? `${text} ${T[this.deps.language()].unread}` : '');
    }
    if (!this.#tray || this.#tray.isDestroyed()) return;
    this.#tray.setToolTip(totals.tooltip);
    this.#tray.setContextMenu(Menu.buildFromTemplate(this.#menu()));
  }

  destroy(): void {
    this.#tray?.destroy();
    this.#tray = null;
  }

  #menu(): MenuItemConstructorOptions[] {
    const t = T[this.deps.language()];
    const dnd = (choice: DndChoice, label: string): MenuItemConstructorOptions => ({
      label,
      type: 'radio',
      checked: this.#dndChoice === choice,
      click: () => void this.#setDnd(choice),
    });
    const items: MenuItemConstructorOptions[] = [
      { label: t.open, click: () => this.deps.showWindow() },
      { type: 'separator' },
      { label: t.dnd, submenu: [dnd('off', t.off), dnd('1h', t.hour), dnd('tomorrow', t.tomorrow), dnd('on', t.on)] },
    ];
    // Login items exist on macOS and Windows; Linux desktops use autostart files instead.
    if (process.platform === 'darwin' || process.platform === 'win32') {
      items.push({
        label: t.login,
        type: 'checkbox',
        checked: app.getLoginItemSettings().openAtLogin,
        click: (item) => {
          app.setLoginItemSettings({ openAtLogin: item.checked });
          this.refresh();
        },
      });
    }
    items.push({ label: t.downloads, click: () => void this.#chooseDownloadFolder() });
    items.push({ type: 'separator' }, { label: t.quit, click: () => this.deps.quit() });
    return items;
  }

  async #setDnd(choice: DndChoice): Promise<void> {
    this.#dndChoice = choice;
    try {
      await this.deps.settings.update({ dnd: dndFor(choice, Date.now()) });
    } catch (err) {
      this.deps.log(`do-not-disturb not saved: ${String(err)}`);
    }
    this.refresh();
  }

  async #chooseDownloadFolder(): Promise<void> {
    const t = T[this.deps.language()];
    const win = this.deps.window();
    const options = {
      title: t.chooseFolder,
      defaultPath: this.deps.settings.downloadFolder ?? app.getPath('downloads'),
      properties: ['openDirectory', 'createDirectory'] as Array<'openDirectory' | 'createDirectory'>,
    };
    const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    const folder = r.filePaths[0];
    if (r.canceled || !folder) return;
    await this.deps.settings.update({ downloadFolder: folder }).catch((err: unknown) => this.deps.log(`download folder not saved: ${String(err)}`));
  }
}
