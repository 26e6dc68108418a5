import type { Browser, Frame, Page } from 'puppeteer-core';
import { Client, EXPOSED_FUNCTIONS, internals, NoAuth } from './wwebjs';

/**
 * A whatsapp-web.js Client that attaches to a page the host already created and navigated
 * (an Electron view, or a ChromiumPageHost tab) instead of launching a browser
 * (research/whatsapp-web-js.md §4). Pitfalls handled here:
 * - NoAuth: the login lives in the page's storage partition; LocalAuth would delete a
 *   folder on logout. No web-version cache: nothing intercepts the page's requests.
 * - No goto: the host owns navigation. A document an earlier client injected into is
 *   reloaded first, because its page-side listeners call that client's functions.
 * - inject() errors (upstream throws the string 'auth timeout') become Errors: thrown by
 *   initialize(), or emitted as `attach_error` when a re-inject fails; never unhandled.
 * - `ready` only fires on a hasSynced change, so a page that is already logged in and
 *   synced gets a kick, exactly once (see kickIfSynced).
 * - Re-inject on MAIN-frame navigation only (upstream reacts to iframes too).
 * - An idle QR (UNPAIRED_IDLE) is refreshed in the page: upstream's refresh runs in Node.
 * - destroy() detaches; logout() logs out through the page. Neither closes the browser,
 *   which belongs to the host.
 */

export interface AttachedClientOptions {
  /** How long inject() waits for WhatsApp Web to load (ms). */
  authTimeoutMs?: number;
}

export class AttachError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AttachError';
  }
}

function asError(err: unknown, what: string): AttachError {
  if (err instanceof AttachError) return err;
  const text = err instanceof Error ? err.message : String(err);
  return new AttachError(`${what}: ${text}`, { cause: err });
}

export class AttachedClient extends Client {
  private detached = false;
  private onNavigated: ((frame: Frame) => void) | null = null;
  private injecting: Promise<void> | null = null;

  constructor(
    private readonly target: { browser: Browser; page: Page },
    options: AttachedClientOptions = {},
  ) {
    super({
      authStrategy: new NoAuth(),
      webVersionCache: { type: 'none' },
      authTimeoutMs: options.authTimeoutMs ?? 60_000,
      qrMaxRetries: 0,
      takeoverOnConflict: false,
    });
  }

  get page(): Page {
    return this.target.page;
  }

  get isDetached(): boolean {
    return this.detached;
  }

  override async initialize(): Promise<void> {
    const me = internals(this);
    await me.authStrategy.beforeBrowserInitialized();
    me.pupBrowser = this.target.browser;
    me.pupPage = this.target.page;
    await me.authStrategy.afterBrowserInitialized();
    try {
      const injectedBefore = await this.page.evaluate(() => {
        const w = globalThis as unknown as Record<string, unknown>;
        return w.WWebJS !== undefined || w.AuthStore !== undefined;
      });
      if (injectedBefore) await this.page.reload({ waitUntil: 'load' });
    } catch (err) {
      throw asError(err, 'Could not prepare the page for capture');
    }
    await this.injectOnce();
    const onNavigated = (frame: Frame) => {
      if (frame !== this.page.mainFrame() || this.detached) return;
      void this.afterNavigation(frame);
    };
    this.onNavigated = onNavigated;
    this.page.on('framenavigated', onNavigated);
  }

  private async injectOnce(): Promise<void> {
    // one inject at a time: a navigation during inject waits for it, then injects again
    while (this.injecting) await this.injecting.catch(() => undefined);
    const run = (async () => {
      try {
        await internals(this).inject();
      } catch (err) {
        throw asError(err, 'WhatsApp Web did not load');
      }
      await this.refreshIdleQr();
      await this.kickIfSynced();
    })();
    this.injecting = run;
    try {
      await run;
    } finally {
      if (this.injecting === run) this.injecting = null;
    }
  }

  private async afterNavigation(frame: Frame): Promise<void> {
    const me = internals(this);
    try {
      if (frame.url().includes('post_logout=1') || me.lastLoggedOut) {
        me.lastLoggedOut = false;
        this.emit('disconnected', 'LOGOUT');
      }
      if (this.detached) return;
      await this.injectOnce();
    } catch (err) {
      if (!this.detached) this.emit('attach_error', asError(err, 'Re-attaching after navigation failed'));
    }
  }

  /**
   * An unscanned QR goes UNPAIRED_IDLE after a while. Upstream means to call
   * Cmd.refreshQR() then, but its handler runs in Node, where `window` does not exist, so
   * the QR would stay dead; the page does it itself instead (once per document).
   */
  private async refreshIdleQr(): Promise<void> {
    if (this.detached) return;
    await this.page.evaluate(`(() => {
      if (window.__switchboardIdleQr) return;
      window.__switchboardIdleQr = true;
      const socket = window.require('WAWebSocketModel').Socket;
      const refresh = () => window.require('WAWebCmd').Cmd.refreshQR();
      socket.on('change:state', (_s, state) => { if (state === 'UNPAIRED_IDLE') refresh(); });
      if (socket.state === 'UNPAIRED_IDLE') refresh();
    })()`);
  }

  /**
   * Upstream only emits `ready` when Socket.hasSynced changes after inject registered its
   * listener. If the page synced before that, nothing would ever come, so we call the
   * handler ourselves; puppeteer counts a binding's calls (`lastSeq`), which tells us,
   * atomically in the page, whether upstream's listener already did.
   */
  private async kickIfSynced(): Promise<void> {
    if (this.detached) return;
    await this.page.evaluate(() => {
      const w = globalThis as unknown as {
        require(name: string): { Socket: { state: string; hasSynced: boolean } };
        onAppStateHasSyncedEvent?: (() => unknown) & { lastSeq?: number };
      };
      const socket = w.require('WAWebSocketModel').Socket;
      const handler = w.onAppStateHasSyncedEvent;
      const live = ['CONNECTED', 'OPENING', 'TIMEOUT'].includes(socket.state);
      if (socket.hasSynced && live && handler && !(handler.lastSeq && handler.lastSeq > 0)) void handler();
    });
  }

  /** Detaches from the page; the page, its login and the browser stay as they are. */
  override async destroy(): Promise<void> {
    if (this.detached) return;
    this.detached = true;
    if (this.onNavigated) this.page.off('framenavigated', this.onNavigated);
    this.onNavigated = null;
    const exposed = EXPOSED_FUNCTIONS.map((name) => this.page.removeExposedFunction(name).catch(() => undefined));
    await Promise.all(exposed);
  }

  /** Logs this device out through the page (WhatsApp's own logout), then detaches. */
  override async logout(): Promise<void> {
    try {
      await this.page.evaluate(() => {
        const w = globalThis as unknown as { require(name: string): { Socket: { logout(): Promise<unknown> } } };
        return w.require('WAWebSocketModel').Socket.logout();
      });
    } finally {
      await this.destroy();
    }
  }
}
