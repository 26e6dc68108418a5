/**
 * The app renderer's preload: exposes exactly `window.switchboard` (shared/bridge.ts) and
 * nothing else. Sandboxed, no Node. Every call goes to one main handler per contract
 * channel; main checks the sender and Core validates the input.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { BRIDGE_KEY, SwitchboardBridge } from '../shared/bridge';
import type { InvokeResult } from '../shared/errors';
import type { AppWire } from '../shared/ipc-wire';
import { mediaUrlFor } from './media';

const WIRE = { invokePrefix: 'sb:invoke:', eventPrefix: 'sb:event:' } as const satisfies AppWire;
const KEY: typeof BRIDGE_KEY = 'switchboard';
/** Contract names look like `accounts.add`; anything else cannot be a channel or event. */
const NAME = /^[a-z]+(\.[a-zA-Z]+)+$/;

function failure(code: 'UNKNOWN_CHANNEL' | 'INTERNAL', message: string): InvokeResult<never> {
  return { ok: false, error: { code, message } };
}

const bridge: SwitchboardBridge = {
  invoke(channel, input) {
    if (typeof channel !== 'string' || !NAME.test(channel)) {
      return Promise.resolve(failure('UNKNOWN_CHANNEL', `No channel named ${String(channel).slice(0, 80)}.`));
    }
    return ipcRenderer.invoke(WIRE.invokePrefix + channel, input).catch((err: unknown) => {
      // Only a channel without a handler rejects: main's handlers always resolve.
      const message = err instanceof Error ? err.message : String(err);
      return /No handler registered/.test(message)
        ? failure('UNKNOWN_CHANNEL', `No channel named ${channel}.`)
        : failure('INTERNAL', message);
    });
  },
  on(event, listener) {
    if (typeof event !== 'string' || !NAME.test(event) || typeof listener !== 'function') return () => {};
    const channel = WIRE.eventPrefix + event;
    const handler = (_e: unknown, payload: unknown) => (listener as (p: unknown) => void)(payload);
    ipcRenderer.on(channel, handler);
    return () => {
      ipcRenderer.removeListener(channel, handler);
    };
  },
  mediaUrl: mediaUrlFor,
};

contextBridge.exposeInMainWorld(KEY, bridge);
