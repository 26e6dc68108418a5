import { readFile } from 'node:fs/promises';
import { BrowserWindow, screen } from 'electron';
import { MIN_SIZE, parseWindowState, restoreWindow, serializeWindowState } from '../policy/window-state';
import { writeFileAtomic } from '../util/json-file';
import { HARDENED_WEB_PREFERENCES } from '../security/web-preferences';

/**
 * The app window: the React renderer, sandboxed with the bridge preload only. It reopens
 * where it was (validated state file) and writes its state when moved, resized or closed.
 */
export async function createMainWindow(opts: {
  preload: string;
  stateFile: string;
  devTools: boolean;
  log: (msg: string) => void;
}): Promise<BrowserWindow> {
  const saved = parseWindowState(await readFile(opts.stateFile, 'utf8').catch(() => null));
  const restored = restoreWindow(saved, screen.getAllDisplays().map((d) => d.workArea));
  const win = new BrowserWindow({
    ...restored.bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Switchboard',
    backgroundColor: '#f5f6f7',
    webPreferences: {
      ...HARDENED_WEB_PREFERENCES,
      preload: opts.preload,
      spellcheck: true,
      devTools: opts.devTools,
    },
  });
  if (restored.maximized) win.maximize();
  if (restored.fullScreen) win.setFullScreen(true);
  win.once('ready-to-show', () => win.show());

  let timer: NodeJS.Timeout | null = null;
  const save = () => {
    if (win.isDestroyed()) return;
    const b = win.getNormalBounds();
    const text = serializeWindowState({
      bounds: { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) },
      maximized: win.isMaximized(),
      fullScreen: win.isFullScreen(),
    });
    writeFileAtomic(opts.stateFile, text).catch((err: unknown) => opts.log(`window state not saved: ${String(err)}`));
  };
  const later = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('maximize', later);
  win.on('unmaximize', later);
  win.on('enter-full-screen', later);
  win.on('leave-full-screen', later);
  win.on('close', () => {
    if (timer) clearTimeout(timer);
    save();
  });
  return win;
}
