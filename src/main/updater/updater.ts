import { existsSync } from 'node:fs';
import path from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import electronUpdater from 'electron-updater';
import { planUpdates } from '../policy/updates';

const CHECK_EVERY_MS = 6 * 3600_000;

const T = {
  'zh-CN': { title: '更新已下载', body: '新版本 {v} 已下载，将在退出时安装。现在重启吗？', now: '立即重启', later: '稍后' },
  en: { title: 'Update ready', body: 'Version {v} has been downloaded and installs when you quit. Restart now?', now: 'Restart now', later: 'Later' },
} as const;

/**
 * Signed updates through electron-updater; the feed (GitHub releases or a generic server)
 * comes from electron-builder.yml's `publish`, baked into app-update.yml at build time.
 * Installs on quit; asks once whether to restart now.
 */
export function startUpdater(opts: {
  forcedPackaged: boolean;
  demo: boolean;
  window: () => BrowserWindow | null;
  language: () => 'zh-CN' | 'en';
  log: (msg: string) => void;
}): () => void {
  const plan = planUpdates({
    isPackaged: app.isPackaged,
    forcedPackaged: opts.forcedPackaged,
    demo: opts.demo,
    platform: process.platform,
    env: process.env,
    // electron-builder writes resources/package-type for deb/rpm installs; electron-updater reads it too.
    linuxPackaged: process.platform === 'linux' && existsSync(path.join(process.resourcesPath, 'package-type')),
  });
  if (!plan.enabled) {
    opts.log(`updates off: ${plan.reason}`);
    return () => {};
  }
  const { autoUpdater } = electronUpdater;
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.logger = { info: opts.log, warn: opts.log, error: opts.log, debug: () => {} };
  autoUpdater.on('error', (err) => opts.log(`update failed: ${err.message}`));
  let asked = false;
  autoUpdater.on('update-downloaded', (info) => {
    if (asked) return;
    asked = true;
    const t = T[opts.language()];
    const win = opts.window();
    const box = { type: 'info' as const, title: t.title, message: t.body.replace('{v}', info.version), buttons: [t.now, t.later], defaultId: 1, cancelId: 1 };
    void (win ? dialog.showMessageBox(win, box) : dialog.showMessageBox(box)).then((r) => {
      if (r.response === 0) autoUpdater.quitAndInstall();
    });
  });
  const check = () => void autoUpdater.checkForUpdates().catch((err: unknown) => opts.log(`update check failed: ${String(err)}`));
  check();
  const timer = setInterval(check, CHECK_EVERY_MS);
  return () => clearInterval(timer);
}
