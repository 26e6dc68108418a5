import type { ChannelInput, ChannelName, ChannelOutput, EventName, EventPayload } from './contract';
import type { InvokeResult } from './errors';

/**
 * Exactly what the preload exposes as `window.switchboard` (and what the browser harness
 * binds to a real Core). Nothing else crosses into the app renderer.
 */
export interface SwitchboardBridge {
  /** Calls a contract channel. Resolves to a result; never rejects for a handler error. */
  invoke<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<InvokeResult<ChannelOutput<C>>>;
  /** Subscribes to a contract event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** URL of a stored media file by its sha256 (see shared/media-url.ts). Throws on a non-sha256. */
  mediaUrl(sha256: string): string;
}

/** The global name the bridge is exposed under. */
export const BRIDGE_KEY = 'switchboard';
