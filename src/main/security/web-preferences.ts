import type { WebPreferences } from 'electron';

/**
 * What every renderer we create gets (ARCHITECTURE §8): sandboxed, isolated, no Node, no
 * <webview>, web security on. Views add only what is theirs (partition, preload, devTools).
 */
export const HARDENED_WEB_PREFERENCES = {
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInSubFrames: false,
  nodeIntegrationInWorker: false,
  webviewTag: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
} as const satisfies WebPreferences;
