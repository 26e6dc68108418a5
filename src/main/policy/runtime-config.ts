/**
 * Test, demo and developer overrides, and which of them a packaged build ignores
 * (ARCHITECTURE §2, §8). A packaged build always talks to the real WhatsApp Web, has no
 * test hooks, opens no remote-debugging port (startup-switches.ts), and refuses to start
 * with Chromium switches that would weaken the sandbox or expose a debugging port.
 */

export const DEFAULT_WA_URL = 'https://web.whatsapp.com/';

export const ENV = {
  waUrl: 'SWITCHBOARD_WA_URL',
  testHooks: 'SWITCHBOARD_TEST_HOOKS',
  remoteDebuggingPort: 'SWITCHBOARD_REMOTE_DEBUGGING_PORT',
  demoAccounts: 'SWITCHBOARD_DEMO_ACCOUNTS',
  rendererDevUrl: 'ELECTRON_RENDERER_URL',
  /** Profile location; honoured in every build (portable installs, several profiles). */
  userData: 'SWITCHBOARD_USER_DATA',
  /** Makes an unpackaged run behave as packaged; only ever removes privileges. */
  forcePackaged: 'SWITCHBOARD_FORCE_PACKAGED',
} as const;

/** Chromium/Node switches a packaged build refuses: they open debugging or weaken isolation. */
const FORBIDDEN_SWITCHES = [
  'remote-debugging-port',
  'remote-debugging-address',
  'remote-debugging-pipe',
  'remote-allow-origins',
  'inspect',
  'inspect-brk',
  'inspect-port',
  'js-flags',
  'no-sandbox',
  'disable-web-security',
  'disable-site-isolation-trials',
  'ignore-certificate-errors',
  'ignore-certificate-errors-spki-list',
  'host-resolver-rules',
  'allow-insecure-localhost',
] as const;

export interface RuntimeConfig {
  packaged: boolean;
  waUrl: string;
  testHooks: boolean;
  /** A developer's own DevTools port (unpackaged only; '0' = random); null: none, the default. */
  remoteDebuggingPort: string | null;
  demoAccounts: number;
  rendererDevUrl: string | null;
  userDataDir: string | null;
  /** Overrides present but ignored because the build is packaged (for the log). */
  ignored: string[];
  /**
   * Forbidden switches on the command line; a packaged build must not start with any.
   * Only a really packaged build checks them: Playwright drives a forced-packaged run through
   * `--inspect=0 --remote-debugging-port=0`, and a really packaged build has the inspect fuse off.
   */
  refusedSwitches: string[];
}

export class RuntimeConfigError extends Error {
  override name = 'RuntimeConfigError';
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const truthy = (v: string | undefined) => v === '1' || v === 'true';

function parseSimulatorUrl(value: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new RuntimeConfigError(`${ENV.waUrl}=${value} is not a URL. Use the simulator's loopback URL, e.g. http://127.0.0.1:4100/.`);
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || !LOOPBACK_HOSTS.has(u.hostname)) {
    throw new RuntimeConfigError(
      `${ENV.waUrl} must be an http(s) loopback URL (127.0.0.1, localhost or [::1]); got ${value}.`,
    );
  }
  return u.href;
}

function parsePort(value: string): string {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    throw new RuntimeConfigError(`${ENV.remoteDebuggingPort} must be a port number 0–65535; got ${value}.`);
  }
  return String(Number(value));
}

function parseCount(value: string): number {
  if (!/^\d{1,2}$/.test(value) || Number(value) < 1 || Number(value) > 16) {
    throw new RuntimeConfigError(`${ENV.demoAccounts} must be a number of accounts from 1 to 16; got ${value}.`);
  }
  return Number(value);
}

/** Switch names (without dashes or value) present in argv that packaged builds refuse. */
export function forbiddenSwitches(argv: readonly string[]): string[] {
  const found = new Set<string>();
  for (const arg of argv) {
    const m = /^--?([a-z0-9-]+)(?:=|$)/i.exec(arg);
    if (!m) continue;
    const name = m[1]!.toLowerCase();
    if ((FORBIDDEN_SWITCHES as readonly string[]).includes(name)) found.add(name);
  }
  return [...found];
}

export function resolveRuntimeConfig(opts: {
  env: Readonly<Record<string, string | undefined>>;
  argv: readonly string[];
  isPackaged: boolean;
}): RuntimeConfig {
  const { env } = opts;
  const packaged = opts.isPackaged || truthy(env[ENV.forcePackaged]);
  const ignored: string[] = [];
  const devOnly = <T>(name: string, parse: (v: string) => T, fallback: T): T => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (packaged) {
      ignored.push(name);
      return fallback;
    }
    return parse(raw);
  };
  const userData = env[ENV.userData];
  return {
    packaged,
    waUrl: devOnly(ENV.waUrl, parseSimulatorUrl, DEFAULT_WA_URL),
    testHooks: devOnly(ENV.testHooks, truthy, false),
    remoteDebuggingPort: devOnly<string | null>(ENV.remoteDebuggingPort, parsePort, null),
    demoAccounts: devOnly(ENV.demoAccounts, parseCount, 0),
    rendererDevUrl: devOnly(ENV.rendererDevUrl, (v) => v, null),
    userDataDir: userData ? userData : null,
    ignored,
    refusedSwitches: opts.isPackaged ? forbiddenSwitches(opts.argv) : [],
  };
}
