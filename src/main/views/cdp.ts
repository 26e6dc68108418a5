import { readFile } from 'node:fs/promises';
import path from 'node:path';
import puppeteer, { type Browser, type Page, type Target } from 'puppeteer-core';

/**
 * The DevTools side of ElectronPageHost (ARCHITECTURE §2, research/whatsapp-web-js.md §4):
 * remote debugging listens on 127.0.0.1 at a random port that Chromium writes to
 * `<userData>/DevToolsActivePort`; each account gets its own puppeteer connection that
 * attaches to its page only (a `targetFilter` on the page's target id), so one account's
 * capture never touches another account's page and its `disconnect()` frees nothing else.
 *
 * No electron import: this runs against plain Chromium in the tests.
 */

export const DEVTOOLS_ACTIVE_PORT = 'DevToolsActivePort';

/** `DevToolsActivePort` is two lines: the port, then the browser target's ws path. */
export function parseDevToolsActivePort(text: string): { port: number; wsPath: string } | null {
  const [portLine, pathLine] = text.split(/\r?\n/);
  const port = Number(portLine);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return null;
  if (!pathLine || !/^\/devtools\/browser\/[A-Za-z0-9-]+$/.test(pathLine.trim())) return null;
  return { port, wsPath: pathLine.trim() };
}

/** The browser's ws endpoint, always on loopback whatever the file says. Waits for the file to appear. */
export async function waitForDevToolsEndpoint(userDataDir: string, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<string> {
  const file = path.join(userDataDir, DEVTOOLS_ACTIVE_PORT);
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  for (let delay = 25; ; delay = Math.min(delay * 2, 500)) {
    opts.signal?.throwIfAborted();
    try {
      const parsed = parseDevToolsActivePort(await readFile(file, 'utf8'));
      if (parsed) return `ws://127.0.0.1:${parsed.port}${parsed.wsPath}`;
    } catch {
      // not written yet
    }
    if (Date.now() > deadline) {
      throw new Error(`Remote debugging did not start: ${file} was not written. Is another copy of Switchboard running?`);
    }
    await new Promise((r) => setTimeout(r, delay));
  }
}

/**
 * Puppeteer exposes no public target id. This is the one narrow cast to its internal
 * field; tests/unit/main/cdp.test.ts pins the behaviour against the installed version.
 */
export function targetIdOf(target: Target): string | null {
  const id = (target as unknown as { _targetId?: unknown })._targetId;
  return typeof id === 'string' ? id : null;
}

/** Chromium's tab targets (parents of pages) are not in puppeteer's public TargetType. */
const isTab = (t: Target) => (t.type() as string) === 'tab';

/**
 * Finds the page that carries `marker` (a window property set by main with
 * executeJavaScript) among pages whose URL `isCandidate` accepts, and returns its target id.
 * A short-lived connection: it attaches to candidate pages only long enough to read markers.
 */
export async function locateMarkedPage(
  browserWSEndpoint: string,
  marker: { name: string; value: string },
  isCandidate: (url: string) => boolean,
): Promise<string | null> {
  const browser = await puppeteer.connect({
    browserWSEndpoint,
    defaultViewport: null,
    targetFilter: (t) => isTab(t) || (t.type() === 'page' && isCandidate(t.url())),
  });
  try {
    for (const page of await browser.pages()) {
      const value = await page.evaluate((name) => (globalThis as Record<string, unknown>)[name], marker.name).catch(() => undefined);
      if (value === marker.value) return targetIdOf(page.target());
    }
    return null;
  } finally {
    await browser.disconnect();
  }
}

/** A connection that sees exactly one page: the target with this id. */
export async function connectToTarget(browserWSEndpoint: string, targetId: string): Promise<{ browser: Browser; page: Page }> {
  const browser = await puppeteer.connect({
    browserWSEndpoint,
    defaultViewport: null,
    // Tabs must pass for their page child to be auto-attached; every other page, worker and
    // service worker of other accounts stays detached.
    targetFilter: (t) => isTab(t) || targetIdOf(t) === targetId,
  });
  const page = (await browser.pages()).find((p) => targetIdOf(p.target()) === targetId);
  if (!page) {
    await browser.disconnect();
    throw new Error(`The account's page (target ${targetId}) is gone.`);
  }
  return { browser, page };
}
