import type { Clock, TimerHandle } from '../util/clock';

export interface HibernationPolicy {
  /** Hibernate a live account after this long without activity (null: never). */
  idleMs?: number | null;
  /** Wake hibernated accounts this often to archive what arrived (null: never). */
  sweepEveryMs?: number | null;
  /** Give a swept account at most this long to sync before it hibernates again. */
  sweepStayMs?: number;
  /** Space between account starts when several wake at once. */
  staggerMs?: number;
}

const DEFAULTS = { idleMs: null, sweepEveryMs: 30 * 60_000, sweepStayMs: 5 * 60_000, staggerMs: 3_000 };

export interface SchedulerDeps {
  clock: Clock;
  log: (msg: string) => void;
  isLive: (accountId: string) => boolean;
  hibernatedIds: () => string[];
  start: (accountId: string) => Promise<void>;
  hibernate: (accountId: string) => Promise<void>;
}

/**
 * Memory: idle live accounts hibernate (their page closes); hibernated accounts are woken
 * for a periodic sweep, one at a time and staggered, to archive what arrived, and go back
 * to sleep once synced (or after `sweepStayMs`). Activity (a captured message, the user
 * looking at the account) keeps an account awake.
 */
export class HibernationScheduler {
  private policy: HibernationPolicy;
  private readonly lastActivity = new Map<string, number>();
  private readonly idleTimers = new Map<string, TimerHandle>();
  private readonly stayTimers = new Map<string, TimerHandle>();
  /** Woken by a sweep: hibernate again once synced. */
  private readonly sweeping = new Set<string>();
  private readonly wakeQueue: string[] = [];
  private wakeTimer: TimerHandle | null = null;
  private sweepTimer: TimerHandle | null = null;
  private closed = false;

  constructor(private readonly d: SchedulerDeps, policy: HibernationPolicy = {}) {
    this.policy = { ...policy };
    this.armSweep();
  }

  private get p() {
    return { ...DEFAULTS, ...this.policy };
  }

  /** Something happened in the account: its idle time starts again. */
  activity(accountId: string): void {
    this.lastActivity.set(accountId, this.d.clock.now());
  }

  /** The user is looking at the account: awake, and no longer on a sweep. */
  touch(accountId: string): void {
    this.activity(accountId);
    this.sweeping.delete(accountId);
  }

  /** Stopped or put to sleep by hand: a sweep no longer owns it. */
  stopSweeping(accountId: string): void {
    this.sweeping.delete(accountId);
  }

  /** The account's page is gone: its idle and stay timers no longer apply. */
  cancelTimers(accountId: string): void {
    this.d.clock.clearTimeout(this.idleTimers.get(accountId) ?? null);
    this.d.clock.clearTimeout(this.stayTimers.get(accountId) ?? null);
    this.idleTimers.delete(accountId);
    this.stayTimers.delete(accountId);
  }

  forget(accountId: string): void {
    this.cancelTimers(accountId);
    this.sweeping.delete(accountId);
    this.lastActivity.delete(accountId);
  }

  /** Capture finished a sync: a swept account goes back to sleep, a live one starts counting idle time. */
  onSynced(accountId: string): void {
    if (this.sweeping.has(accountId)) {
      this.sweeping.delete(accountId);
      this.d.clock.clearTimeout(this.stayTimers.get(accountId) ?? null);
      this.stayTimers.delete(accountId);
      void this.d.hibernate(accountId);
      return;
    }
    this.armIdle(accountId);
  }

  /** Applies a changed policy at once: idle timers of live accounts and the sweep are re-armed from now. */
  configure(policy: HibernationPolicy, liveIds: string[]): void {
    this.policy = { ...this.policy, ...policy };
    for (const id of liveIds) this.armIdle(id);
    this.d.clock.clearTimeout(this.sweepTimer);
    this.sweepTimer = null;
    if (!this.closed) this.armSweep();
  }

  private armIdle(accountId: string): void {
    this.d.clock.clearTimeout(this.idleTimers.get(accountId) ?? null);
    this.idleTimers.delete(accountId);
    const idleMs = this.p.idleMs;
    if (!idleMs) return;
    const since = () => this.d.clock.now() - (this.lastActivity.get(accountId) ?? this.d.clock.now());
    const check = () => {
      this.idleTimers.delete(accountId);
      if (!this.d.isLive(accountId)) return;
      const quiet = since();
      if (quiet >= idleMs) void this.d.hibernate(accountId);
      else this.idleTimers.set(accountId, this.d.clock.setTimeout(check, idleMs - quiet));
    };
    this.idleTimers.set(accountId, this.d.clock.setTimeout(check, Math.max(0, idleMs - since())));
  }

  private armSweep(): void {
    const every = this.p.sweepEveryMs;
    if (!every) return;
    this.sweepTimer = this.d.clock.setTimeout(() => {
      this.sweepTimer = null;
      if (this.closed) return;
      for (const id of this.d.hibernatedIds()) this.queueWake(id, true);
      this.armSweep();
    }, every);
  }

  /** Wakes accounts one at a time, `staggerMs` apart, so a sweep never starts them all at once. */
  queueWake(accountId: string, sweep: boolean): void {
    if (this.wakeQueue.includes(accountId)) return;
    this.wakeQueue.push(accountId);
    if (sweep) this.sweeping.add(accountId);
    if (!this.wakeTimer) this.nextWake(0);
  }

  private nextWake(delay: number): void {
    this.wakeTimer = this.d.clock.setTimeout(() => {
      this.wakeTimer = null;
      const id = this.wakeQueue.shift();
      if (!id || this.closed) return;
      void this.d.start(id).catch((err: unknown) => this.d.log(`${id}: could not wake: ${String(err)}`));
      if (this.sweeping.has(id)) {
        this.stayTimers.set(id, this.d.clock.setTimeout(() => {
          this.stayTimers.delete(id);
          if (this.sweeping.has(id)) void this.d.hibernate(id);
        }, this.p.sweepStayMs));
      }
      if (this.wakeQueue.length) this.nextWake(this.p.staggerMs);
    }, delay);
  }

  close(): void {
    this.closed = true;
    this.d.clock.clearTimeout(this.sweepTimer);
    this.d.clock.clearTimeout(this.wakeTimer);
  }
}
