import { CDPSessionEvent, type CDPSession } from 'puppeteer-core';
import type { PageDebugger } from './page-debugger';

/**
 * Emitted when a session ends for any reason (detached by the browser, target closed,
 * connection lost). Public at runtime, left out of the typings; the unit test pins it.
 */
const SESSION_ENDED = (CDPSessionEvent as unknown as { Disconnected: symbol }).Disconnected;

type EventListener = (method: string, params: unknown, sessionId: string | undefined) => void;
type Sender = { send(method: string, params?: object): Promise<unknown> };

/**
 * A page-level CDPSession of a Chromium we launched (page.createCDPSession()), exposed as a
 * PageDebugger: the same shape as Electron's webContents.debugger, so ChromiumPageHost
 * (tests, CLI, demo) runs capture through the very transport the app uses. Sessions the page
 * auto-attaches below it (frames, workers) are reported with their ids, as Electron does.
 */
export function sessionDebugger(root: CDPSession): PageDebugger {
  const listeners = new Set<EventListener>();
  const detachListeners = new Set<(reason: string) => void>();
  const unwatch: Array<() => void> = [];
  let over = false;

  const watch = (s: CDPSession, sessionId: string | undefined) => {
    // puppeteer's emitter (mitt) calls '*' handlers with (type, event); the typings say (event)
    const onAny = ((type: unknown, params: unknown) => {
      if (over || typeof type !== 'string') return;
      for (const l of listeners) l(type, params, sessionId);
    }) as unknown as (event: unknown) => void;
    const onChild = (child: CDPSession) => watch(child, child.id());
    s.on('*', onAny);
    s.on(CDPSessionEvent.SessionAttached, onChild);
    unwatch.push(() => {
      s.off('*', onAny);
      s.off(CDPSessionEvent.SessionAttached, onChild);
    });
  };
  watch(root, undefined);

  const onGone = () => {
    if (over) return;
    over = true;
    for (const u of unwatch.splice(0)) u();
    for (const l of detachListeners) l('target closed');
    detachListeners.clear();
  };
  root.once(SESSION_ENDED, onGone);

  return {
    send(method, params, sessionId) {
      const target = sessionId ? root.connection()?.session(sessionId) : root;
      if (over || !target) return Promise.reject(new Error(over ? 'Target closed' : `No session with given id: ${sessionId}`));
      return (target as unknown as Sender).send(method, params);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onDetach(listener) {
      detachListeners.add(listener);
      return () => detachListeners.delete(listener);
    },
    detach() {
      if (over) return;
      over = true;
      root.off(SESSION_ENDED, onGone);
      for (const u of unwatch.splice(0)) u();
      listeners.clear();
      detachListeners.clear();
      void root.detach().catch(() => undefined);
    },
  };
}
