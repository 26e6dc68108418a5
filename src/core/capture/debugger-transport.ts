import puppeteer, { type Browser, type ConnectionTransport, type Page } from 'puppeteer-core';
import type { PageDebugger } from './page-debugger';

/**
 * puppeteer-core's ConnectionTransport over page-level debuggers (ARCHITECTURE §2, "Capture:
 * how we reach the page"). Puppeteer speaks to a browser: it discovers targets, auto-attaches
 * to tabs and their pages with flat sessions, and sends page commands on those sessions. A
 * page-level debugger has no browser above it, so the browser-level Target domain is
 * answered here, the way puppeteer's own ExtensionTransport does for chrome.debugger:
 *
 * - each page we were given is one tab target with one page target below it, nothing else;
 * - commands on a page's session go to its debugger; sessions the page itself auto-attaches
 *   (out-of-process frames, workers) pass through with their own ids;
 * - browser-level commands that would create, close or reach anything else (new pages,
 *   contexts, Browser.close, other targets) are refused: the host owns the pages.
 *
 * A debugger cut from outside (the page closed, another DevTools client) reports its page
 * as detached, so puppeteer's Page emits 'close'; when no page is left the connection
 * closes ('disconnected'). `onDetached` tells the host why.
 */

interface TargetInfo {
  targetId: string;
  type: string;
  title: string;
  url: string;
  attached: boolean;
  canAccessOpener: boolean;
  browserContextId?: string;
}

interface AttachedPage {
  debugger: PageDebugger;
  tab: TargetInfo;
  page: TargetInfo;
  tabSession: string;
  pageSession: string;
  unsubscribe: Array<() => void>;
}

interface Incoming {
  id: number;
  method: string;
  params?: Record<string, unknown>;
  sessionId?: string;
}

type Outgoing =
  | { id: number; sessionId?: string; result: unknown }
  | { id: number; sessionId?: string; error: { code: number; message: string } }
  | { method: string; params: unknown; sessionId?: string };

const PROTOCOL_ERROR = -32000;

function parse(message: string): Incoming | null {
  const m = JSON.parse(message) as Partial<Incoming>;
  if (typeof m.id !== 'number' || typeof m.method !== 'string') return null;
  return { id: m.id, method: m.method, ...(m.params ? { params: m.params } : {}), ...(m.sessionId ? { sessionId: m.sessionId } : {}) };
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)) || 'CDP error had no message';

/** The page's own target info, as far as the page-level endpoint tells it. */
async function targetInfoOf(d: PageDebugger, fallbackId: string): Promise<TargetInfo> {
  const r = (await d.send('Target.getTargetInfo').catch(() => null)) as { targetInfo?: Partial<TargetInfo> } | null;
  const info = r?.targetInfo;
  return {
    targetId: typeof info?.targetId === 'string' ? info.targetId : fallbackId,
    type: 'page',
    title: typeof info?.title === 'string' ? info.title : '',
    url: typeof info?.url === 'string' ? info.url : 'about:blank',
    attached: true,
    canAccessOpener: false,
  };
}

export class DebuggerTransport implements ConnectionTransport {
  onmessage?: (message: string) => void;
  onclose?: () => void;
  /** A page's debugger was cut from outside (not by close()). */
  onDetached?: (page: PageDebugger, reason: string) => void;

  readonly #pages: AttachedPage[] = [];
  /** Sessions the pages auto-attached themselves (frames, workers) → their page. */
  readonly #childSessions = new Map<string, AttachedPage>();
  readonly #queue: Outgoing[] = [];
  readonly #afterFlushCallbacks: Array<() => void> = [];
  #flushScheduled = false;
  #closed = false;
  #userAgent: Promise<string> | null = null;

  /** Reads each page's target info, then presents exactly those pages. */
  static async open(debuggers: readonly PageDebugger[]): Promise<DebuggerTransport> {
    const infos = await Promise.all(debuggers.map((d, i) => targetInfoOf(d, `page-${i + 1}`)));
    return new DebuggerTransport(debuggers.map((d, i) => ({ debugger: d, info: infos[i]! })));
  }

  private constructor(pages: ReadonlyArray<{ debugger: PageDebugger; info: TargetInfo }>) {
    pages.forEach(({ debugger: d, info }, i) => {
      const entry: AttachedPage = {
        debugger: d,
        page: info,
        tab: { ...info, targetId: `tab-${info.targetId}`, type: 'tab' },
        tabSession: `tab-session-${i + 1}`,
        pageSession: `page-session-${i + 1}`,
        unsubscribe: [],
      };
      entry.unsubscribe.push(
        d.onEvent((method, params, sessionId) => this.#onPageEvent(entry, method, params, sessionId)),
        d.onDetach((reason) => this.#onPageDetached(entry, reason)),
      );
      this.#pages.push(entry);
    });
  }

  send(message: string): void {
    if (this.#closed) return;
    const msg = parse(message);
    if (!msg) return;
    const { sessionId } = msg;
    if (sessionId === undefined) return this.#browserCommand(msg);
    const tab = this.#pages.find((p) => p.tabSession === sessionId);
    if (tab) return this.#tabCommand(tab, msg);
    const page = this.#pages.find((p) => p.pageSession === sessionId);
    if (page) return this.#forward(page, msg, undefined);
    const child = this.#childSessions.get(sessionId);
    if (child) return this.#forward(child, msg, sessionId);
    this.#error(msg, `No session with given id: ${sessionId}`);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const p of this.#pages.splice(0)) this.#release(p);
    this.#childSessions.clear();
    this.#queue.length = 0;
    this.onclose?.();
  }

  // ------------------------------------------------------------ browser level

  #browserCommand(msg: Incoming): void {
    switch (msg.method) {
      case 'Target.getBrowserContexts':
        return this.#reply(msg, { browserContextIds: [] });
      case 'Target.setDiscoverTargets':
        for (const p of this.#pages) {
          this.#event('Target.targetCreated', { targetInfo: p.tab });
          this.#event('Target.targetCreated', { targetInfo: p.page });
        }
        return this.#reply(msg, {});
      case 'Target.setAutoAttach':
        for (const p of this.#pages) this.#event('Target.attachedToTarget', { sessionId: p.tabSession, targetInfo: p.tab, waitingForDebugger: false });
        return this.#reply(msg, {});
      case 'Target.getTargets':
        return this.#reply(msg, { targetInfos: this.#pages.flatMap((p) => [p.tab, p.page]) });
      case 'Target.getTargetInfo': {
        const id = msg.params?.targetId;
        const info = this.#pages.flatMap((p) => [p.tab, p.page]).find((t) => t.targetId === id);
        return info ? this.#reply(msg, { targetInfo: info }) : this.#error(msg, `No target with given id: ${String(id)}`);
      }
      case 'Target.detachFromTarget':
        // puppeteer lets go of a tab it filtered out; the page stays ours until close()
        return this.#reply(msg, {});
      case 'Browser.getVersion':
        void this.#version().then((v) => this.#reply(msg, v), (err: unknown) => this.#error(msg, errorText(err)));
        return;
      default:
        return this.#error(msg, `${msg.method} is not available: capture reaches only the account's page, which the app owns.`);
    }
  }

  #tabCommand(p: AttachedPage, msg: Incoming): void {
    switch (msg.method) {
      case 'Target.setAutoAttach':
        this.#event('Target.attachedToTarget', { sessionId: p.pageSession, targetInfo: p.page, waitingForDebugger: false }, p.tabSession);
        return this.#reply(msg, {});
      case 'Runtime.runIfWaitingForDebugger':
        return this.#reply(msg, {});
      default:
        return this.#error(msg, `${msg.method} is not available on the tab.`);
    }
  }

  /** The browser's version as puppeteer asks for it; the user agent is the page's own. */
  #version(): Promise<Record<string, string>> {
    const first = this.#pages[0];
    if (!first) return Promise.reject(new Error('No page is attached.'));
    this.#userAgent ??= first.debugger
      .send('Runtime.evaluate', { expression: 'navigator.userAgent', returnByValue: true })
      .then((r) => String((r as { result?: { value?: unknown } }).result?.value ?? ''));
    return this.#userAgent.then((userAgent) => ({
      protocolVersion: '1.3',
      product: /(?:Chrome|Chromium)\/[\d.]+/.exec(userAgent)?.[0] ?? 'Chrome',
      revision: '',
      userAgent,
      jsVersion: '',
    }));
  }

  // ------------------------------------------------------------ page level

  #forward(p: AttachedPage, msg: Incoming, childSession: string | undefined): void {
    // page.close() would close the app's view; the host decides when a page goes
    if (msg.method === 'Page.close') return this.#error(msg, 'Page.close is not available: the app owns the page.');
    p.debugger.send(msg.method, msg.params, childSession).then(
      (result) => this.#reply(msg, result ?? {}),
      (err: unknown) => this.#error(msg, errorText(err)),
    );
  }

  #onPageEvent(p: AttachedPage, method: string, params: unknown, sessionId: string | undefined): void {
    if (this.#closed) return;
    const childSession = sessionId || undefined;
    if (method === 'Target.attachedToTarget') {
      const attached = (params as { sessionId?: unknown }).sessionId;
      if (typeof attached === 'string') this.#childSessions.set(attached, p);
    }
    this.#event(method, params, childSession ?? p.pageSession);
    if (method === 'Target.detachedFromTarget') {
      const detached = (params as { sessionId?: unknown }).sessionId;
      if (typeof detached === 'string') this.#childSessions.delete(detached);
    }
    if (method === 'Page.frameNavigated' && !childSession) {
      // keeps the page target's url current, as a browser endpoint would
      const frame = (params as { frame?: { parentId?: string; url?: string } }).frame;
      if (frame && !frame.parentId && typeof frame.url === 'string') {
        p.page.url = frame.url;
        this.#event('Target.targetInfoChanged', { targetInfo: p.page });
      }
    }
  }

  #onPageDetached(p: AttachedPage, reason: string): void {
    if (this.#closed) return;
    const i = this.#pages.indexOf(p);
    if (i < 0) return;
    this.#pages.splice(i, 1);
    this.#release(p);
    for (const [id, owner] of this.#childSessions) if (owner === p) this.#childSessions.delete(id);
    this.#event('Target.detachedFromTarget', { sessionId: p.pageSession, targetId: p.page.targetId }, p.tabSession);
    this.#event('Target.detachedFromTarget', { sessionId: p.tabSession, targetId: p.tab.targetId });
    this.#event('Target.targetDestroyed', { targetId: p.page.targetId });
    this.#event('Target.targetDestroyed', { targetId: p.tab.targetId });
    this.onDetached?.(p.debugger, reason);
    // after puppeteer has seen the page go, not before: its Page must emit 'close'
    if (this.#pages.length === 0) this.#afterFlush(() => this.close());
  }

  #release(p: AttachedPage): void {
    for (const u of p.unsubscribe.splice(0)) u();
    p.debugger.detach();
  }

  // ------------------------------------------------------------ delivery

  #reply(msg: Incoming, result: unknown): void {
    this.#push({ id: msg.id, ...(msg.sessionId ? { sessionId: msg.sessionId } : {}), result });
  }

  #error(msg: Incoming, message: string): void {
    this.#push({ id: msg.id, ...(msg.sessionId ? { sessionId: msg.sessionId } : {}), error: { code: PROTOCOL_ERROR, message } });
  }

  #event(method: string, params: unknown, sessionId?: string): void {
    this.#push({ method, params, ...(sessionId ? { sessionId } : {}) });
  }

  #afterFlush(fn: () => void): void {
    this.#afterFlushCallbacks.push(fn);
    this.#schedule();
  }

  #push(m: Outgoing): void {
    if (this.#closed) return;
    this.#queue.push(m);
    this.#schedule();
  }

  /** Delivery in a later task and in arrival order, like a socket; one task drains the queue. */
  #schedule(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setImmediate(() => {
      this.#flushScheduled = false;
      for (let m = this.#queue.shift(); m && !this.#closed; m = this.#queue.shift()) this.onmessage?.(JSON.stringify(m));
      for (const fn of this.#afterFlushCallbacks.splice(0)) fn();
    });
  }
}

/**
 * A puppeteer Browser that sees exactly these pages and nothing else of the browser; its
 * disconnect() lets go of the pages (they stay loaded and logged in).
 */
export async function connectOverDebuggers(debuggers: readonly PageDebugger[], onDetached?: (page: PageDebugger, reason: string) => void): Promise<Browser> {
  const transport = await DebuggerTransport.open(debuggers);
  if (onDetached) transport.onDetached = onDetached;
  try {
    return await puppeteer.connect({ transport, defaultViewport: null });
  } catch (err) {
    transport.close();
    throw err;
  }
}

/** The one page of a debugger, as puppeteer's Page, with the Browser it belongs to. */
export async function connectToPage(d: PageDebugger, onDetached?: (reason: string) => void): Promise<{ browser: Browser; page: Page }> {
  const browser = await connectOverDebuggers([d], onDetached ? (_p, reason) => onDetached(reason) : undefined);
  const [page] = await browser.pages();
  if (!page) {
    await browser.disconnect();
    throw new Error('The page went away while capture attached to it.');
  }
  return { browser, page };
}
