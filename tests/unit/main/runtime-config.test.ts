import { describe, expect, it } from 'vitest';
import { DEFAULT_WA_URL, forbiddenSwitches, resolveRuntimeConfig, RuntimeConfigError } from '../../../src/main/policy/runtime-config';

const overrides = {
  SWITCHBOARD_WA_URL: 'http://127.0.0.1:4100/',
  SWITCHBOARD_TEST_HOOKS: '1',
  SWITCHBOARD_REMOTE_DEBUGGING_PORT: '9222',
  SWITCHBOARD_DEMO_ACCOUNTS: '3',
  ELECTRON_RENDERER_URL: 'http://localhost:5173',
};

describe('packaged-mode override stripping', () => {
  it('honours test/demo overrides in an unpackaged run', () => {
    const c = resolveRuntimeConfig({ env: overrides, argv: [], isPackaged: false });
    expect(c).toMatchObject({
      packaged: false,
      waUrl: 'http://127.0.0.1:4100/',
      testHooks: true,
      remoteDebuggingPort: '9222',
      demoAccounts: 3,
      rendererDevUrl: 'http://localhost:5173',
      ignored: [],
    });
  });

  it('ignores every one of them when packaged, and says which', () => {
    const c = resolveRuntimeConfig({ env: overrides, argv: [], isPackaged: true });
    expect(c).toMatchObject({
      packaged: true,
      waUrl: DEFAULT_WA_URL,
      testHooks: false,
      remoteDebuggingPort: null,
      demoAccounts: 0,
      rendererDevUrl: null,
    });
    expect(c.ignored.sort()).toEqual(Object.keys(overrides).sort());
  });

  it('SWITCHBOARD_FORCE_PACKAGED makes an unpackaged run behave as packaged', () => {
    const c = resolveRuntimeConfig({ env: { ...overrides, SWITCHBOARD_FORCE_PACKAGED: '1' }, argv: [], isPackaged: false });
    expect(c.packaged).toBe(true);
    expect(c.waUrl).toBe(DEFAULT_WA_URL);
    expect(c.testHooks).toBe(false);
  });

  it('does not even validate ignored overrides when packaged (a bad value cannot stop the app)', () => {
    expect(() => resolveRuntimeConfig({ env: { SWITCHBOARD_WA_URL: 'nonsense' }, argv: [], isPackaged: true })).not.toThrow();
  });

  it('keeps the profile location in every build', () => {
    expect(resolveRuntimeConfig({ env: { SWITCHBOARD_USER_DATA: '/tmp/p' }, argv: [], isPackaged: true }).userDataDir).toBe('/tmp/p');
  });

  it.each([
    ['SWITCHBOARD_WA_URL', 'https://web.whatsapp.com.evil.example/'],
    ['SWITCHBOARD_WA_URL', 'file:///tmp/x.html'],
    ['SWITCHBOARD_WA_URL', 'nonsense'],
    ['SWITCHBOARD_REMOTE_DEBUGGING_PORT', '70000'],
    ['SWITCHBOARD_DEMO_ACCOUNTS', '0'],
    ['SWITCHBOARD_DEMO_ACCOUNTS', 'many'],
  ])('rejects a bad %s=%s in development with a clear error', (name, value) => {
    expect(() => resolveRuntimeConfig({ env: { [name]: value }, argv: [], isPackaged: false })).toThrow(RuntimeConfigError);
    expect(() => resolveRuntimeConfig({ env: { [name]: value }, argv: [], isPackaged: false })).toThrow(name);
  });
});

describe('forbidden command-line switches', () => {
  it('finds switches that expose debugging or weaken isolation', () => {
    expect(
      forbiddenSwitches(['app', '--remote-debugging-address=0.0.0.0', '--no-sandbox', '--lang=zh-CN', '--inspect', '--remote-allow-origins=*']).sort(),
    ).toEqual(['inspect', 'no-sandbox', 'remote-allow-origins', 'remote-debugging-address']);
    expect(forbiddenSwitches(['app', '--lang=zh-CN', 'https://no-sandbox.example'])).toEqual([]);
  });

  it('a really packaged build refuses them; unpackaged and forced-packaged runs (Playwright) do not', () => {
    const argv = ['app', '--remote-debugging-port=9222'];
    expect(resolveRuntimeConfig({ env: {}, argv, isPackaged: true }).refusedSwitches).toEqual(['remote-debugging-port']);
    expect(resolveRuntimeConfig({ env: {}, argv, isPackaged: false }).refusedSwitches).toEqual([]);
    expect(resolveRuntimeConfig({ env: { SWITCHBOARD_FORCE_PACKAGED: '1' }, argv, isPackaged: false }).refusedSwitches).toEqual([]);
  });
});
