import path from 'node:path';

/** Where main keeps its files in userData, and where the built renderer and preloads are. */
export interface AppPaths {
  userData: string;
  /** The profile folder: archive.db and media/ (src/core/archive/profile.ts). */
  profileDir: string;
  /** The archive key, encrypted with safeStorage (policy/archive-key.ts). */
  keyFile: string;
  windowStateFile: string;
  shellSettingsFile: string;
  rendererRoot: string;
  appPreload: string;
  accountPreload: string;
}

/** `outDir` is the folder of the built main bundle (out/main). */
export function appPaths(userData: string, outDir: string): AppPaths {
  return {
    userData,
    profileDir: path.join(userData, 'profile'),
    keyFile: path.join(userData, 'archive-key.json'),
    windowStateFile: path.join(userData, 'window-state.json'),
    shellSettingsFile: path.join(userData, 'shell-settings.json'),
    rendererRoot: path.join(outDir, '..', 'renderer'),
    appPreload: path.join(outDir, '..', 'preload', 'app.cjs'),
    accountPreload: path.join(outDir, '..', 'preload', 'account.cjs'),
  };
}
