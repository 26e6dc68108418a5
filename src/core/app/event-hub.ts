import type { EventName, EventPayload } from '../../shared/contract';

type Listener<E extends EventName> = (payload: EventPayload<E>) => void;
type AnyListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/**
 * Contract events leaving Core. Hosts forward every event with `onAny` (main to the app
 * window, the harness to the page); in-process consumers pick one with `on`.
 * A throwing listener is reported and never stops the others.
 */
export class EventHub {
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();
  private readonly anyListeners = new Set<AnyListener>();

  constructor(private readonly report: (err: unknown) => void) {}

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    const l = listener as (payload: never) => void;
    set.add(l);
    return () => set.delete(l);
  }

  onAny(listener: AnyListener): () => void {
    this.anyListeners.add(listener);
    return () => this.anyListeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const l of this.listeners.get(event) ?? []) this.safely(() => (l as Listener<E>)(payload));
    for (const l of this.anyListeners) this.safely(() => l(event, payload));
  }

  clear(): void {
    this.listeners.clear();
    this.anyListeners.clear();
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.report(err);
    }
  }
}
