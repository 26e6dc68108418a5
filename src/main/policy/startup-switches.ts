import type { RuntimeConfig } from './runtime-config';

/** A Chromium switch main appends before `ready`: name without dashes, and its value. */
export type StartupSwitch = readonly [name: string, value: string];

/**
 * The Chromium switches main appends at startup (ARCHITECTURE "Capture: how we reach the
 * page"). Capture needs none: it reaches each account's page through that view's
 * webContents.debugger, in process. So no DevTools port is opened and no
 * DevToolsActivePort file written, unless a developer asks for one in an unpackaged run
 * (SWITCHBOARD_REMOTE_DEBUGGING_PORT, loopback only); a packaged build never opens one.
 */
export function startupSwitches(config: Pick<RuntimeConfig, 'packaged' | 'remoteDebuggingPort'>): StartupSwitch[] {
  if (config.packaged || config.remoteDebuggingPort === null) return [];
  return [
    ['remote-debugging-port', config.remoteDebuggingPort],
    ['remote-debugging-address', '127.0.0.1'],
  ];
}
