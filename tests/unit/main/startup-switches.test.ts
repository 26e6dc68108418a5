import { describe, expect, it } from 'vitest';
import { forbiddenSwitches, resolveRuntimeConfig } from '../../../src/main/policy/runtime-config';
import { startupSwitches } from '../../../src/main/policy/startup-switches';

/** What main appends to Chromium's command line before `ready` (src/main/index.ts applies this list as is). */

const asArgv = (switches: ReturnType<typeof startupSwitches>) => switches.map(([name, value]) => `--${name}=${value}`);
const developerPort = { SWITCHBOARD_REMOTE_DEBUGGING_PORT: '9222' };

describe('startup switches', () => {
  it('a packaged build opens no DevTools port, even when the environment asks for one', () => {
    for (const env of [{}, developerPort, { ...developerPort, SWITCHBOARD_FORCE_PACKAGED: '1' }]) {
      const switches = startupSwitches(resolveRuntimeConfig({ env, argv: [], isPackaged: !('SWITCHBOARD_FORCE_PACKAGED' in env) }));
      expect(switches.map(([name]) => name).filter((n) => n.startsWith('remote-debugging'))).toEqual([]);
      expect(forbiddenSwitches(asArgv(switches))).toEqual([]);
    }
  });

  it('an unpackaged run opens none either unless a developer asks, and then on loopback only', () => {
    expect(startupSwitches(resolveRuntimeConfig({ env: {}, argv: [], isPackaged: false }))).toEqual([]);
    expect(startupSwitches(resolveRuntimeConfig({ env: developerPort, argv: [], isPackaged: false }))).toEqual([
      ['remote-debugging-port', '9222'],
      ['remote-debugging-address', '127.0.0.1'],
    ]);
  });
});
