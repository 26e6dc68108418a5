/** The Chromium that capture (account pages) and exports (PDF) launch, and how. */

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** The Chromium to launch: an explicit path, else SWITCHBOARD_CHROMIUM, else Debian's. */
export function chromiumPath(explicit?: string): string {
  return explicit ?? process.env.SWITCHBOARD_CHROMIUM ?? DEFAULT_CHROMIUM;
}

/** Flags that keep a headless Chromium quiet and offline except for the WA URL. */
export const CHROMIUM_FLAGS = [
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-features=Translate,MediaRouter',
  '--mute-audio',
];
