import type { Page } from '@playwright/test';
import type { Core } from '../../../src/core/app';

const INVOKE = '__switchboardInvoke';
const EMIT = '__switchboardEmit';

/**
 * Binds `window.switchboard` in the page — exactly the preload's shape (shared/bridge.ts):
 * invoke → the real Core in this process (page.exposeBinding), on → Core's events pushed
 * into the page in order, mediaUrl → the test server's media path. The renderer cannot
 * tell this from Electron.
 */
export async function bindBridge(page: Page, core: Core, mediaOrigin: string, onInvoke?: (channel: string) => void): Promise<() => void> {
  await page.exposeBinding(INVOKE, (_source, channel: unknown, input: unknown) => {
    onInvoke?.(String(channel));
    return core.handle(String(channel), input);
  });
  // A source string, not a function: the page must get exactly this code whatever transpiler
  // loaded this file (tsx adds helper calls to functions that do not exist in the page).
  await page.addInitScript(`(() => {
    const listeners = new Map();
    const invoke = window[${JSON.stringify(INVOKE)}];
    const origin = ${JSON.stringify(mediaOrigin)};
    const bridge = Object.freeze({
      invoke: (channel, input) => invoke(channel, input),
      on(event, listener) {
        let set = listeners.get(event);
        if (!set) listeners.set(event, (set = new Set()));
        set.add(listener);
        return () => void set.delete(listener);
      },
      mediaUrl(sha256) {
        if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)) throw new Error('mediaUrl: not a sha256');
        return origin + '/' + sha256;
      },
    });
    Object.defineProperty(window, 'switchboard', { value: bridge, enumerable: true });
    Object.defineProperty(window, ${JSON.stringify(EMIT)}, {
      value: (event, payload) => { for (const l of [...(listeners.get(event) || [])]) l(payload); },
    });
  })();`);

  // Events go into the page one at a time, in the order Core emitted them.
  let chain = Promise.resolve();
  const off = core.onAny((event, payload) => {
    chain = chain.then(() => page.evaluate(([name, e, p]) => {
      const emit = (window as unknown as Record<string, ((e: string, p: unknown) => void) | undefined>)[name];
      emit?.(e, p);
    }, [EMIT, event, payload] as const)).catch(() => {
      // the page navigated or closed: the event is for a document that no longer exists
    });
  });
  return off;
}
