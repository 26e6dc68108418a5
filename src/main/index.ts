/**
 * Electron main: thin wiring of the pure policies in ./policy onto Electron, and of the
 * Core facade (src/core/app) onto the app window. Order matters and is commented; every
 * decision lives in a tested policy module, not here.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { app, ipcMain, safeStorage, session } from 'electron';
import { createCore, type Core } from '../core/app';
import type { Supervisor } from '../core/accounts/supervisor';
import { Archive } from '../core/archive/archive';
import { staticKeyProvider } from '../core/archive/key';
import { profilePaths } from '../core/archive/profile';
import { installAppMenu } from './app-menu';
import { APP_ID } from './app-id';
import { appPaths } from './app-paths';
import { forwardContractEvents, registerContractRouter } from './ipc/router';
import { listenForUnread } from './ipc/account-ipc';
import { microphonePrompt } from './mic-prompt';
import { NotificationRouter } from './notifications/notification-router';
import { MicGrants } from './policy/permissions';
import { APP_ENTRY_URL, APP_ORIGIN } from './policy/protocols';
import { resolveRuntimeConfig, type RuntimeConfig } from './policy/runtime-config';
import { startupSwitches } from './policy/startup-switches';
import { accountOrigins, decideAppNavigation, decideAppWindowOpen, originOf } from './policy/url-policy';
import type { NotifyDecision } from './policy/notifications';
import { AccountSessions } from './security/account-sessions';
import { hardenAppSession, registerSchemes, serveMedia } from './security/app-session';
import { loadArchiveKey } from './security/archive-key-store';
import { lockNavigation } from './security/navigation';
import { showStartupError } from './security/startup-error';
import { ShellSettings } from './shell-settings';
import { chooseProfileDir, saveProfileDir } from './profile-location';
import { nativePickPath } from './file-dialogs';
import { createSupervisor } from './supervisor-wiring';
import { installTestHooks } from './test-hooks';
import { TrayAndBadge } from './tray/tray';
import { startUpdater } from './updater/updater';
import { accountPagesOf } from './views/account-pages';
import { AccountViews } from './views/account-views';
import { ElectronPageHost } from './views/electron-page-host';
import { createMainWindow } from './views/main-window';
import { Placement } from './views/placement';
import { seedDemoAccounts } from './demo';

const log = (msg: string) => console.log(`[main ${new Date().toISOString()}] ${msg}`);

// ---------------------------------------------------------------- before ready

let config: RuntimeConfig;
try {
  config = resolveRuntimeConfig({ env: process.env, argv: process.argv, isPackaged: app.isPackaged });
} catch (err) {
  // Only unpackaged runs validate overrides; a bad one is a developer's typo.
  console.error(`Switchboard: ${(err as Error).message}`);
  process.exit(2);
}
if (config.userDataDir) app.setPath('userData', config.userDataDir);
if (config.ignored.length) log(`packaged build: ignored ${config.ignored.join(', ')}`);

if (!app.requestSingleInstanceLock()) {
  // Another Switchboard owns this profile (and its archive writer); it will come to the front.
  app.quit();
} else {
  app.setAppUserModelId(APP_ID);
  // No DevTools port: capture reaches the account pages through webContents.debugger (policy/startup-switches.ts).
  for (const [name, value] of startupSwitches(config)) app.commandLine.appendSwitch(name, value);
  // Earlier versions left the port they listened on here; nothing listens on it now.
  rmSync(path.join(app.getPath('userData'), 'DevToolsActivePort'), { force: true });
  registerSchemes();
  app.on('web-contents-created', (_e, wc) => {
    // Defaults for every webContents; the app window and account views replace them with their policy.
    wc.on('will-attach-webview', (event) => event.preventDefault());
    wc.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  app.whenReady().then(start).catch((err: unknown) => fatal(err));
}

function fatal(err: unknown): void {
  log(`startup failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  void showStartupError({
    code: 'STARTUP_FAILED',
    zh: 'Switchboard 启动失败。存档没有被改动。请重启；如果问题仍然存在，请把下面的信息发给管理员。',
    en: 'Switchboard failed to start. The archive was not changed. Restart; if it happens again, send the text below to your admin.',
    detail: err instanceof Error ? err.message : String(err),
  });
}

// ---------------------------------------------------------------- after ready

async function start(): Promise<void> {
  if (config.refusedSwitches.length) {
    await showStartupError({
      code: 'FORBIDDEN_SWITCHES',
      zh: '此安装版本不允许使用这些启动参数（会暴露调试端口或削弱隔离）。请去掉它们后再启动。',
      en: 'This installed build does not run with these command-line switches (they would expose debugging or weaken isolation). Start it without them.',
      detail: config.refusedSwitches.map((s) => `--${s}`).join(' '),
    });
    return;
  }
  const paths = appPaths(app.getPath('userData'), import.meta.dirname);
  // The data folder may have been moved from Settings (profile-location.ts).
  const where = await chooseProfileDir(paths.userData, paths.profileDir);
  if (!where.ok) {
    log(`profile location: ${where.code} ${where.detail}`);
    await showStartupError(where);
    return;
  }
  const profileDir = where.dir;
  log(`profile in ${profileDir}${where.moved ? ' (moved)' : ''}`);

  // The archive key: never a new empty archive over an existing one (policy/archive-key.ts).
  const key = await loadArchiveKey({
    keyFile: paths.keyFile,
    archiveFile: profilePaths(profileDir).db,
    keystore: safeStorage,
    platform: process.platform,
    now: Date.now,
  });
  if (!key.ok) {
    log(`archive key: ${key.failure.code}`);
    await showStartupError(key.failure);
    return;
  }
  log(`archive key from ${key.backend}${key.created ? ' (new profile)' : ''}`);
  // One key provider for the archive and for what is sealed under its key (translation provider keys).
  const archiveKeys = staticKeyProvider(key.key);
  let opened: Awaited<ReturnType<typeof Archive.openProfile>>;
  try {
    opened = await Archive.openProfile(profileDir, archiveKeys, { create: !where.moved });
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    await showStartupError({
      code: typeof code === 'string' ? code : 'ARCHIVE_OPEN_FAILED',
      zh: '无法打开存档，存档没有被改动。请不要删除任何文件，并联系管理员。',
      en: 'The archive could not be opened; it was not changed. Do not delete any files; contact your admin.',
      detail: (err as Error).message,
    });
    return;
  }

  installAppMenu(config.packaged);
  const shellSettings = await ShellSettings.load(paths.shellSettingsFile, log);
  const win = await createMainWindow({ preload: paths.appPreload, stateFile: paths.windowStateFile, devTools: !config.packaged, log });
  const window = () => (win.isDestroyed() ? null : win);
  const origins = accountOrigins({ waUrl: config.waUrl, packaged: config.packaged });
  const mic = new MicGrants();
  let core: Core | null = null;
  const language = () => core?.settings().language ?? 'zh-CN';

  let notifications: NotificationRouter | null = null;
  let placement: Placement | null = null;
  let supervisorRef: Supervisor | null = null;
  const views = new AccountViews({
    window: win,
    accountOrigins: origins,
    preload: paths.accountPreload,
    language,
    log,
    onGone: (accountId) => notifications?.forgetAccount(accountId),
    onChange: () => placement?.replan(),
    onActivity: (accountId) => supervisorRef?.touch(accountId),
  });
  const sessions = new AccountSessions({
    accountOrigins: origins,
    mic,
    askMicrophone: microphonePrompt({ mic, window, label: (id) => notifications?.labelOf(id) ?? id, language }),
    appNames: [app.getName(), 'Switchboard', 'switchboard'],
    downloadFolder: () => shellSettings.downloadFolder ?? app.getPath('downloads'),
    onDownloaded: (accountId, file, state) => log(`account ${accountId}: download ${state}: ${file}`),
    log,
  });
  const pageHost = new ElectronPageHost({
    views,
    sessions,
    waUrl: config.waUrl,
    partitionIdOf: async (accountId) =>
      (await opened.archive.query('accounts')).find((a) => a.id === accountId)?.partitionId ?? null,
    log,
  });
  const supervisor = await createSupervisor({ archive: opened.archive, pageHost, mediaDir: opened.paths.media, log });
  supervisorRef = supervisor;
  core = await createCore({
    archive: opened.archive,
    paths: opened.paths,
    supervisor,
    keys: archiveKeys,
    accountPages: accountPagesOf(views),
    pickPath: nativePickPath(() => (win.isDestroyed() ? null : win)),
    // after Core has copied and verified the profile: point at it and restart from it
    relocateProfile: async (dir) => {
      await saveProfileDir(paths.userData, dir);
      log(`data folder moved to ${dir}; restarting`);
      // under test hooks the test starts the app again itself (a relaunched process would escape it)
      if (!config.testHooks) app.relaunch();
      setImmediate(() => app.quit());
    },
    version: app.getVersion(),
    onError: (err, where) => log(`core ${where}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
  });
  const coreRef = core;

  // The app renderer: its own origin (app://, or the dev server when unpackaged), no permissions, locked navigation.
  const appUrl = config.rendererDevUrl ?? APP_ENTRY_URL;
  const appOrigin = originOf(appUrl) ?? APP_ORIGIN;
  hardenAppSession(session.defaultSession, {
    rendererRoot: paths.rendererRoot,
    devServerUrl: config.rendererDevUrl,
    downloadFolder: () => shellSettings.downloadFolder ?? app.getPath('downloads'),
    log,
  });
  serveMedia(session.defaultSession, coreRef, opened.paths.media);
  lockNavigation(win.webContents, { navigate: (url) => decideAppNavigation(url, appOrigin), open: decideAppWindowOpen }, log);

  // IPC: one handler per contract channel, sender-checked; every contract event pushed to the window.
  registerContractRouter(ipcMain, {
    core: coreRef,
    trusted: () => (win.isDestroyed() ? null : { webContentsId: win.webContents.id, origin: appOrigin }),
    log,
  });
  forwardContractEvents(coreRef, (channel, payload) => {
    if (!win.isDestroyed()) win.webContents.send(channel, payload);
  });

  placement = new Placement(win, views);
  const livePlacement = placement;
  coreRef.on('layout.changed', (e) => livePlacement.update({ slots: e.slots, layout: e.layout }));
  const initial = coreRef.layout();
  placement.update({ layout: initial.layout, slots: initial.slots });

  const shown: Array<Extract<NotifyDecision, { show: true }>> = [];
  notifications = new NotificationRouter({
    ipcMain,
    core: coreRef,
    window,
    views,
    accountOrigins: origins,
    dnd: () => shellSettings.dnd,
    blurred: () => coreRef.layout().layout.blur,
    log,
    ...(config.testHooks ? { onShown: (d: Extract<NotifyDecision, { show: true }>) => void shown.push(d) } : {}),
  });

  const showWindow = () => {
    if (win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };
  let quitting = false;
  const liveTray = new TrayAndBadge({ window, settings: shellSettings, language, showWindow, quit: () => app.quit(), log });
  liveTray.start();
  listenForUnread({ ipcMain, accountOf: (id) => views.accountOf(id), accountOrigins: origins, onReport: (a, r) => liveTray.setUnread(a, r), log });
  coreRef.on('accounts.changed', async ({ accountId }) => {
    // A removed account leaves the badge too.
    if (accountId && !(await coreRef.call('accounts.list', {})).some((a) => a.id === accountId)) liveTray.forget(accountId);
  });
  coreRef.on('settings.changed', () => liveTray.refresh());

  app.on('login', (event, wc, _details, authInfo, callback) => {
    const creds = sessions.credentials(wc ? views.accountOf(wc.id) : null, authInfo);
    if (!creds) return; // default: the challenge is cancelled
    event.preventDefault();
    callback(creds.username, creds.password);
  });
  app.on('second-instance', showWindow);
  // Closing the window keeps Switchboard archiving in the tray; Quit (tray, menu, Cmd+Q) ends it.
  win.on('close', (event) => {
    if (quitting) return;
    event.preventDefault();
    win.hide();
  });
  app.on('activate', showWindow);

  let closed = false;
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('will-quit', (event) => {
    if (closed) return;
    // Let capture detach and the archive writer commit before the process ends.
    event.preventDefault();
    closed = true;
    void (async () => {
      try {
        await coreRef.close();
        await pageHost.close();
      } catch (err) {
        log(`shutdown: ${String(err)}`);
      } finally {
        liveTray.destroy();
        app.exit(0);
      }
    })();
  });

  const stopUpdates = startUpdater({
    forcedPackaged: config.packaged && !app.isPackaged,
    demo: config.demoAccounts > 0,
    window,
    language,
    log,
  });
  app.once('will-quit', stopUpdates);

  if (config.testHooks) installTestHooks({ config, core: coreRef, views, placement, notifications, shown });

  await win.loadURL(appUrl);
  // Accounts that were running when the app last quit start again (staggered by the supervisor).
  await supervisor.startAll();
  if (config.demoAccounts > 0) await seedDemoAccounts(coreRef, config.demoAccounts, log);
}

app.on('window-all-closed', () => {
  // Only the startup error screen can close every window; the app window hides instead.
  app.quit();
});

