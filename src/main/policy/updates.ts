/**
 * When the auto-updater may run: only in a really packaged build installed in a form that
 * can update itself (not a forced-packaged test run, not the demo, not a Linux build run
 * outside its AppImage or package).
 */
export type UpdatePlan = { enabled: true } | { enabled: false; reason: string };

export function planUpdates(opts: {
  isPackaged: boolean;
  forcedPackaged: boolean;
  demo: boolean;
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  /** Installed as a deb (resources under /opt or /usr). */
  linuxPackaged: boolean;
}): UpdatePlan {
  if (!opts.isPackaged) return { enabled: false, reason: 'not packaged' };
  if (opts.forcedPackaged) return { enabled: false, reason: 'forced-packaged test run' };
  if (opts.demo) return { enabled: false, reason: 'demo' };
  if (opts.env['SWITCHBOARD_DISABLE_UPDATES'] === '1') return { enabled: false, reason: 'disabled by SWITCHBOARD_DISABLE_UPDATES' };
  if (opts.platform === 'linux' && !opts.env['APPIMAGE'] && !opts.linuxPackaged) {
    return { enabled: false, reason: 'Linux build not running from its AppImage or deb' };
  }
  return { enabled: true };
}
