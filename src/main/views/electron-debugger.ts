import type { Debugger } from 'electron';
import type { PageDebugger } from '../../core/capture/page-debugger';

type EventListener = (method: string, params: unknown, sessionId: string | undefined) => void;

/** The CDP version Electron's debugger is asked for; every current Chromium speaks it. */
const PROTOCOL_VERSION = '1.3';

/**
 * An account view's `webContents.debugger`, attached, as the PageDebugger capture runs over
 * (core/capture/debugger-transport.ts). In-process: no port, no DevToolsActivePort file,
 * nothing another process on the machine could connect to. Electron reports the page's
 * own events with sessionId '' and those of sessions it auto-attached with their ids.
 */
export function attachDebugger(dbg: Debugger): PageDebugger {
  // only main attaches this object; a leftover attachment is ours from an earlier capture
  if (dbg.isAttached()) dbg.detach();
  dbg.attach(PROTOCOL_VERSION);
  const listeners = new Set<EventListener>();
  const detachListeners = new Set<(reason: string) => void>();
  let over = false;

  const onMessage = (_e: unknown, method: string, params: unknown, sessionId: string) => {
    if (over) return;
    for (const l of listeners) l(method, params, sessionId || undefined);
  };
  const stop = () => {
    over = true;
    dbg.off('message', onMessage);
    dbg.off('detach', onDetach);
  };
  // the view closed, or DevTools opened on it: Electron ends our session
  const onDetach = (_e: unknown, reason: string) => {
    if (over) return;
    stop();
    for (const l of detachListeners) l(reason);
    detachListeners.clear();
    listeners.clear();
  };
  dbg.on('message', onMessage);
  dbg.on('detach', onDetach);

  return {
    send(method, params, sessionId) {
      if (over) return Promise.reject(new Error('Target closed'));
      return sessionId ? dbg.sendCommand(method, params ?? {}, sessionId) : dbg.sendCommand(method, params);
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
      // listeners off first: Electron emits 'detach' synchronously inside detach()
      stop();
      listeners.clear();
      detachListeners.clear();
      try {
        dbg.detach();
      } catch {
        // the view is already gone
      }
    },
  };
}
