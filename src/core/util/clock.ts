/**
 * Time and randomness for the supervisor, injected so tests drive backoff, watchdog and
 * hibernation deterministically (advance a manual clock instead of sleeping).
 */

export type TimerHandle = { readonly id: number };

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle | null): void;
  /** Uniform in [0, 1). */
  random(): number;
}

let nextId = 1;

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref?.();
    const handle = { id: nextId++, t };
    return handle;
  },
  clearTimeout(handle) {
    if (handle) clearTimeout((handle as unknown as { t: NodeJS.Timeout }).t);
  },
  random: () => Math.random(),
};

/** A clock that only moves when told to; due timers fire in time order on advance(). */
export class ManualClock implements Clock {
  private t: number;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  constructor(start = 1_700_000_000_000, private readonly rnd: () => number = () => 0.5) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  random(): number {
    return this.rnd();
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = nextId++;
    this.timers.set(id, { at: this.t + Math.max(0, ms), fn });
    return { id };
  }

  clearTimeout(handle: TimerHandle | null): void {
    if (handle) this.timers.delete(handle.id);
  }

  /** Delays of the timers now pending, soonest first (for asserting backoff). */
  pending(): number[] {
    return [...this.timers.values()].map((x) => x.at - this.t).sort((a, b) => a - b);
  }

  /** Moves time forward, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | null = null;
      for (const e of this.timers) if (e[1].at <= end && (!next || e[1].at < next[1].at)) next = e;
      if (!next) break;
      this.timers.delete(next[0]);
      this.t = next[1].at;
      next[1].fn();
    }
    this.t = end;
  }
}
