import type { SwitchboardBridge } from '../shared/bridge';

declare global {
  interface Window {
    /** Exposed by the preload (or bound by the browser harness); the renderer's only way out. */
    readonly switchboard: SwitchboardBridge;
  }
}

export {};
