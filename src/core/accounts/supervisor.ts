import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Page } from 'puppeteer-core';
import type { AccountState } from '../../shared/account-state';
import type { Archive } from '../archive/archive';
import { AttachedClient } from '../capture/attached-client';
import { CaptureSession, type CaptureSessionOptions } from '../capture/capture-session';
import type { PageHost } from '../capture/page-host';
import { withTimeout } from '../capture/timeout';
import { WriteBatcher } from '../capture/write-batcher';
import { type Clock, systemClock, type TimerHandle } from './clock';
import { backoffDelay, type BackoffPolicy, DEFAULT_BACKOFF, disconnectOutcome, RUNNING_STATES } from './lifecycle';
import type { AccountStatus, NewAccount, SupervisorApi, SupervisorEvents, SupervisorSettings, SyncProgress } from './supervisor-api';

/**
 * The account supervisor (ARCHITECTURE §4): the registry of accounts in the archive, and
 * for each running account a page from the PageHost, an AttachedClient and a
 * CaptureSession. Every state change is written to the archive and emitted. Failures
 * retry with capped exponential backoff and jitter; a watchdog reloads crashed or hung
 * pages; idle accounts hibernate and are woken, staggered, for periodic sync sweeps.
 */

export interface SupervisorOptions {
  archive: Archive;
  pageHost: PageHost;
  mediaDir: string;
  clock?: Clock;
  log?: (msg: string) => void;
  backoff?: Partial<BackoffPolicy>;
  watchdog?: { intervalMs?: number; timeoutMs?: number } | null;
  hibernation?: {
    /** Hibernate a live account after this long without activity (null: never). */
    idleMs?: number | null;
    /** Wake hibernated accounts this often to archive what arrived (null: never). */
    sweepEveryMs?: number | null;
    /** Give a swept account at most this long to sync before it hibernates again. */
    sweepStayMs?: number;
    /** Space between account starts when several wake at once. */
    staggerMs?: number;
  };
  /** How long whatsapp-web.js waits for WhatsApp Web to load. */
  authTimeoutMs?: number;
  capture?: Pick<CaptureSessionOptions, 'media' | 'reconcile' | 'batching'>;
}

interface Runtime {
  id: string;
  label: string;
  partitionId: string;
  proxy: string | null;
  state: AccountState;
  detail: string | null;
  qr: string | null;
  session: CaptureSession;
  client: AttachedClient | null;
  page: Page | null;
  /** Bumped on every (re)start or stop; callbacks of an older generation are ignored. */
  gen: number;
  attempt: number;
  retryTimer: TimerHandle | null;
  retryAt: number | null;
  watchdogTimer: TimerHandle | null;
  idleTimer: TimerHandle | null;
  sweepTimer: TimerHandle | null;
  lastActivity: number;
  /** Woken by a sweep: hibernate again once synced. */
  sweeping: boolean;
  /** The state the archive had when this process started (startAll resumes from it). */
  persisted: AccountState;
  unwatch: Array<() => void>;
}

const ARCHIVE_ONLY: readonly AccountState[] = ['logged_out', 'banned'];

export class Supervisor implements SupervisorApi {
  private readonly emitter = new EventEmitter();
  private readonly runtimes = new Map<string, Runtime>();
  private readonly clock: Clock;
  private readonly log: (msg: string) => void;
  private readonly backoff: BackoffPolicy;
  private readonly batcher: WriteBatcher;
  private readonly loaded: Promise<void>;
  private readonly wakeQueue: string[] = [];
  private wakeTimer: TimerHandle | null = null;
  private sweepTimer: TimerHandle | null = null;
  private closed = false;
  /** Settings that can change while running (configure()). */
  private hibernationPolicy: NonNullable<SupervisorOptions['hibernation']>;
  private mediaMaxBytes: number | undefined;

  constructor(private readonly o: SupervisorOptions) {
    this.clock = o.clock ?? systemClock;
    this.log = o.log ?? ((m) => console.warn(`[supervisor] ${m}`));
    this.backoff = { ...DEFAULT_BACKOFF, ...o.backoff };
    this.batcher = new WriteBatcher(o.archive, {
      ...o.capture?.batching,
      onFailed: (op, err) => this.log(`archive refused an operation (${op.op}): ${err instanceof Error ? err.message : String(err)}`),
    });
    this.hibernationPolicy = { ...o.hibernation };
    this.mediaMaxBytes = o.capture?.media?.maxBytes;
    this.loaded = this.load();
    this.loaded.catch((err: unknown) => this.log(`could not load accounts: ${String(err)}`));
    this.armSweep();
  }

  /** Resolves once the account registry has been read from the archive. */
  ready(): Promise<void> {
    return this.loaded;
  }

  on<K extends keyof SupervisorEvents>(event: K, listener: (e: SupervisorEvents[K]) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }

  private emit<K extends keyof SupervisorEvents>(event: K, e: SupervisorEvents[K]): void {
    this.emitter.emit(event, e);
  }

  // ------------------------------------------------------------ registry

  private async load(): Promise<void> {
    const rows = await this.o.archive.query('accounts', {});
    for (const row of rows) {
      // a previous run's live states are stale until the account is started again
      const persisted = row.state as AccountState;
      const state: AccountState = RUNNING_STATES.includes(persisted) ? 'stopped' : persisted;
      this.addRuntime(row.id, row.label, row.partitionId, row.proxy, state, row.stateDetail, persisted);
    }
  }

  private addRuntime(id: string, label: string, partitionId: string, proxy: string | null, state: AccountState, detail: string | null, persisted?: AccountState): Runtime {
    const session = new CaptureSession({
      accountId: id,
      archive: this.o.archive,
      mediaDir: this.o.mediaDir,
      batcher: this.batcher,
      ...this.o.capture,
      media: { ...this.o.capture?.media, ...(this.mediaMaxBytes !== undefined ? { maxBytes: this.mediaMaxBytes } : {}) },
      log: (level, msg) => {
        if (level !== 'info') this.log(`${id}: ${msg}`);
      },
    });
    const rt: Runtime = {
      id, label, partitionId, proxy, state, detail, qr: null, session, client: null, page: null, gen: 0, attempt: 0,
      retryTimer: null, retryAt: null, watchdogTimer: null, idleTimer: null, sweepTimer: null,
      lastActivity: this.clock.now(), sweeping: false, persisted: persisted ?? state, unwatch: [],
    };
    session.on('sync', (p) => this.emit('sync', p));
    session.on('gap', (g) => this.emit('gap', g));
    session.on('captured', (c) => {
      rt.lastActivity = this.clock.now();
      this.emit('captured', c);
    });
    session.on('rejected', (r) => this.emit('problem', { accountId: id, where: 'rejected', message: `${r.what} ${r.id}: ${r.reason}` }));
    session.on('problem', (p) => {
      this.emit('problem', p);
      if (p.where === 'reconcile' && rt.state === 'syncing') void this.fail(rt, rt.gen, `Sync failed: ${p.message}`);
    });
    session.on('reconciled', () => this.onReconciled(rt));
    this.runtimes.set(id, rt);
    return rt;
  }

  private async rt(accountId: string): Promise<Runtime> {
    await this.loaded;
    const rt = this.runtimes.get(accountId);
    if (!rt) throw new Error(`There is no account ${JSON.stringify(accountId).slice(0, 80)}.`);
    return rt;
  }

  async addAccount(input: NewAccount): Promise<{ accountId: string }> {
    await this.loaded;
    const label = input.label.trim();
    if (!label) throw new Error('An account needs a name.');
    // lower-case only: Electron derives a partition's folder from its lower-cased name
    const accountId = `acc-${randomBytes(6).toString('hex')}`;
    // the host turns this into its storage name (Electron: partitionFor → persist:wa-<id>)
    const partitionId = accountId;
    const rows = await this.o.archive.query('accounts', { includeRemoved: true });
    const sortOrder = rows.reduce((m, r) => Math.max(m, r.sortOrder), -1) + 1;
    await this.o.archive.write([
      { op: 'createAccount', accountId, label, partitionId, ownerId: input.ownerId ?? null, proxy: input.proxy ?? null, sortOrder },
      { op: 'accountState', accountId, state: 'stopped' },
    ]);
    this.addRuntime(accountId, label, partitionId, input.proxy ?? null, 'stopped', null);
    return { accountId };
  }

  async renameAccount(accountId: string, label: string): Promise<void> {
    const rt = await this.rt(accountId);
    const clean = label.trim();
    if (!clean) throw new Error('An account needs a name.');
    await this.o.archive.write([{ op: 'patchAccount', accountId, label: clean }]);
    rt.label = clean;
  }

  async reorderAccounts(accountIds: string[]): Promise<void> {
    await this.loaded;
    for (const id of accountIds) if (!this.runtimes.has(id)) throw new Error(`There is no account ${id}.`);
    await this.o.archive.write(accountIds.map((accountId, i) => ({ op: 'patchAccount' as const, accountId, sortOrder: i })));
  }

  async setOwner(accountId: string, ownerId: string | null): Promise<void> {
    await this.rt(accountId);
    await this.o.archive.write([{ op: 'patchAccount', accountId, ownerId }]);
  }

  async setProxy(accountId: string, proxy: string | null): Promise<void> {
    const rt = await this.rt(accountId);
    await this.o.archive.write([{ op: 'patchAccount', accountId, proxy }]);
    rt.proxy = proxy;
    if (RUNNING_STATES.includes(rt.state)) {
      // the proxy is a browser launch setting: close the page and start over with it
      await this.teardown(rt, { closePage: true });
      await this.start(accountId);
    }
  }

  async removeAccount(accountId: string): Promise<void> {
    const rt = await this.rt(accountId);
    await this.teardown(rt, { closePage: true });
    await this.o.archive.write([{ op: 'patchAccount', accountId, removedAt: this.clock.now() }]);
    await this.setState(rt, 'stopped', 'Removed; the archive is kept.');
    this.runtimes.delete(accountId);
  }

  async purgeSession(accountId: string): Promise<void> {
    const rt = await this.rt(accountId);
    await this.teardown(rt, { closePage: true });
    await this.o.pageHost.purge(accountId);
    await this.setState(rt, 'stopped', 'The WhatsApp login on this computer was deleted; the archive is kept.');
  }

  // ------------------------------------------------------------ state

  status(accountId: string): AccountStatus | null {
    const rt = this.runtimes.get(accountId);
    if (!rt) return null;
    return { state: rt.state, detail: rt.detail, qr: rt.qr, sync: this.syncOf(rt), retryAt: rt.retryAt };
  }

  private syncOf(rt: Runtime): SyncProgress | null {
    return rt.state === 'syncing' ? rt.session.syncProgress : null;
  }

  private async setState(rt: Runtime, state: AccountState, detail: string | null = null): Promise<void> {
    if (rt.state === state && rt.detail === detail) return;
    rt.state = state;
    rt.detail = detail;
    if (state !== 'needs_qr') rt.qr = null;
    const at = this.clock.now();
    this.emit('state', { accountId: rt.id, state, detail, at });
    try {
      await this.o.archive.write([{ op: 'accountState', accountId: rt.id, state, detail }]);
    } catch (err) {
      this.log(`${rt.id}: could not record state ${state}: ${String(err)}`);
    }
  }

  // ------------------------------------------------------------ lifecycle

  async startAll(): Promise<void> {
    await this.loaded;
    for (const rt of this.runtimes.values()) {
      if ([...RUNNING_STATES, 'error'].includes(rt.persisted)) this.queueWake(rt.id, false);
    }
  }

  async start(accountId: string): Promise<void> {
    const rt = await this.rt(accountId);
    if (this.closed) throw new Error('The supervisor is closed.');
    if (RUNNING_STATES.includes(rt.state) && rt.client) return;
    this.clearRetry(rt);
    const gen = ++rt.gen;
    await this.setState(rt, 'starting', rt.state === 'error' ? rt.detail : null);
    await this.attach(rt, gen);
  }

  private async attach(rt: Runtime, gen: number): Promise<void> {
    try {
      const { browser, page } = await this.o.pageHost.open({ accountId: rt.id, partitionId: rt.partitionId, proxy: rt.proxy });
      if (gen !== rt.gen) return;
      rt.page = page;
      this.watchPage(rt, page, gen);
      const client = new AttachedClient({ browser, page }, { authTimeoutMs: this.o.authTimeoutMs ?? 60_000 });
      rt.client = client;
      this.wireClient(rt, client, gen);
      rt.session.bind(client);
      await client.initialize();
      if (gen !== rt.gen) return;
      // a page that loads into a blocked or conflicting session never reaches `ready`
      const socket = String(await page.evaluate(`window.require('WAWebSocketModel').Socket.state`).catch(() => ''));
      if (gen !== rt.gen) return;
      if (['CONFLICT', 'TOS_BLOCK', 'SMB_TOS_BLOCK'].includes(socket) && rt.state === 'starting') await this.onDisconnected(rt, gen, socket);
    } catch (err) {
      if (gen !== rt.gen) return;
      await this.fail(rt, gen, `Could not start: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private wireClient(rt: Runtime, client: AttachedClient, gen: number): void {
    client.on('qr', (qr: string) => {
      if (gen !== rt.gen) return;
      rt.qr = qr;
      void this.setState(rt, 'needs_qr').then(() => {
        rt.qr = qr;
        this.emit('qr', { accountId: rt.id, qr });
      });
    });
    client.on('ready', () => {
      if (gen !== rt.gen) return;
      void this.setState(rt, 'syncing');
    });
    client.on('disconnected', (reason: unknown) => {
      if (gen !== rt.gen) return;
      void this.onDisconnected(rt, gen, reason);
    });
    client.on('attach_error', (err: Error) => {
      if (gen !== rt.gen) return;
      void this.fail(rt, gen, err.message);
    });
  }

  private async onDisconnected(rt: Runtime, gen: number, reason: unknown): Promise<void> {
    if (gen !== rt.gen) return;
    const outcome = disconnectOutcome(reason);
    if (outcome.retry) {
      await this.fail(rt, gen, outcome.detail);
      return;
    }
    rt.gen++;
    // banned or logged out: the archive is all there is; the page is freed.
    // conflict: the page stays, so "Use here" can take the session back.
    await this.teardown(rt, { closePage: outcome.state !== 'conflict', keepGen: true });
    await this.setState(rt, outcome.state, outcome.detail);
  }

  private onReconciled(rt: Runtime): void {
    if (rt.state !== 'syncing' && rt.state !== 'live') return;
    this.emit('synced', { accountId: rt.id });
    rt.attempt = 0;
    if (rt.state === 'syncing') void this.setState(rt, 'live');
    if (rt.sweeping) {
      rt.sweeping = false;
      this.clock.clearTimeout(rt.sweepTimer);
      rt.sweepTimer = null;
      void this.hibernate(rt.id);
      return;
    }
    this.armIdle(rt);
  }

  /** Something failed: detach, say so, and try again after a backoff. */
  private async fail(rt: Runtime, gen: number, detail: string): Promise<void> {
    if (gen !== rt.gen || this.closed) return;
    rt.gen++;
    await this.teardown(rt, { closePage: false, keepGen: true });
    // armed first, so whoever hears about the error can already see when the retry comes
    this.scheduleRetry(rt);
    await this.setState(rt, 'error', detail);
  }

  private scheduleRetry(rt: Runtime): void {
    this.clearRetry(rt);
    const delay = backoffDelay(rt.attempt, this.backoff, () => this.clock.random());
    rt.attempt++;
    rt.retryAt = this.clock.now() + delay;
    // cancelled by start/stop/teardown (clearRetry); if it fires, nobody took over meanwhile
    rt.retryTimer = this.clock.setTimeout(() => {
      rt.retryTimer = null;
      rt.retryAt = null;
      if (!this.closed) void this.start(rt.id).catch((err: unknown) => this.log(`${rt.id}: retry failed: ${String(err)}`));
    }, delay);
  }

  private clearRetry(rt: Runtime): void {
    this.clock.clearTimeout(rt.retryTimer);
    rt.retryTimer = null;
    rt.retryAt = null;
  }

  /** Detaches capture and the client; optionally closes the page (hibernate in the host). */
  private async teardown(rt: Runtime, opts: { closePage: boolean; keepGen?: boolean }): Promise<void> {
    if (!opts.keepGen) rt.gen++;
    this.clearRetry(rt);
    for (const t of [rt.watchdogTimer, rt.idleTimer, rt.sweepTimer]) this.clock.clearTimeout(t);
    rt.watchdogTimer = rt.idleTimer = rt.sweepTimer = null;
    for (const u of rt.unwatch) u();
    rt.unwatch = [];
    const client = rt.client;
    rt.client = null;
    await rt.session.unbind();
    if (client) await withTimeout(client.destroy(), 5_000).catch(() => undefined);
    if (opts.closePage) {
      rt.page = null;
      await this.o.pageHost.hibernate(rt.id).catch((err: unknown) => this.log(`${rt.id}: could not close the page: ${String(err)}`));
    }
  }

  async stop(accountId: string): Promise<void> {
    const rt = await this.rt(accountId);
    rt.sweeping = false;
    await this.teardown(rt, { closePage: true });
    await this.setState(rt, 'stopped');
  }

  async hibernate(accountId: string): Promise<void> {
    const rt = await this.rt(accountId);
    if (ARCHIVE_ONLY.includes(rt.state)) return;
    rt.sweeping = false;
    await this.teardown(rt, { closePage: true });
    await this.setState(rt, 'hibernated', 'Asleep to save memory; woken regularly to archive new messages.');
  }

  async wake(accountId: string): Promise<void> {
    const rt = await this.rt(accountId);
    rt.lastActivity = this.clock.now();
    await this.start(rt.id);
  }

  async useHere(accountId: string): Promise<void> {
    const rt = await this.rt(accountId);
    if (rt.state !== 'conflict') throw new Error('"Use here" only applies when WhatsApp is open in another window.');
    const page = rt.page;
    if (page && !page.isClosed()) {
      await page.evaluate(`window.require('WAWebSocketModel').Socket.takeover()`).catch((err: unknown) => {
        this.log(`${rt.id}: takeover failed: ${String(err)}`);
      });
    }
    await this.start(accountId);
  }

  async retry(accountId: string): Promise<void> {
    const rt = await this.rt(accountId);
    if (rt.state !== 'error') return;
    await this.start(accountId);
  }

  touch(accountId: string): void {
    const rt = this.runtimes.get(accountId);
    if (!rt) return;
    rt.lastActivity = this.clock.now();
    rt.sweeping = false;
  }

  // ------------------------------------------------------------ watchdog

  /** Crashes and hangs: reload the page and attach a fresh client. */
  private watchPage(rt: Runtime, page: Page, gen: number): void {
    const onCrash = () => void this.recover(rt, gen, 'The page crashed.');
    const onClose = () => void this.recover(rt, gen, this.o.pageHost.lostBecause?.(rt.id) ?? 'The page was closed.');
    page.on('error', onCrash);
    page.on('close', onClose);
    rt.unwatch.push(() => {
      page.off('error', onCrash);
      page.off('close', onClose);
    });
    const wd = this.o.watchdog === null ? null : { intervalMs: 15_000, timeoutMs: 10_000, ...this.o.watchdog };
    if (!wd) return;
    const tick = () => {
      rt.watchdogTimer = null;
      if (gen !== rt.gen) return;
      void this.probe(page, wd.timeoutMs).then((alive) => {
        if (gen !== rt.gen) return;
        if (alive) rt.watchdogTimer = this.clock.setTimeout(tick, wd.intervalMs);
        else void this.recover(rt, gen, 'The page stopped responding.');
      });
    };
    rt.watchdogTimer = this.clock.setTimeout(tick, wd.intervalMs);
  }

  private probe(page: Page, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const t = this.clock.setTimeout(() => resolve(false), timeoutMs);
      page.evaluate('1').then(() => {
        this.clock.clearTimeout(t);
        resolve(true);
      }, () => {
        this.clock.clearTimeout(t);
        resolve(false);
      });
    });
  }

  private async recover(rt: Runtime, gen: number, why: string): Promise<void> {
    if (gen !== rt.gen || this.closed) return;
    if (rt.attempt > 0) {
      // it failed again soon after a recovery: back off instead of looping
      await this.fail(rt, gen, why);
      return;
    }
    rt.attempt++;
    const next = ++rt.gen;
    await this.teardown(rt, { closePage: false, keepGen: true });
    await this.setState(rt, 'starting', `${why} Reloading.`);
    const reloaded = this.o.pageHost.reload
      ? await this.o.pageHost.reload(rt.id).then(() => true, () => false)
      : false;
    if (!reloaded) {
      rt.page = null;
      await this.o.pageHost.hibernate(rt.id).catch(() => undefined);
    }
    if (next !== rt.gen) return;
    await this.attach(rt, next);
  }

  // ------------------------------------------------------------ hibernation

  private get hib() {
    return { idleMs: null, sweepEveryMs: 30 * 60_000, sweepStayMs: 5 * 60_000, staggerMs: 3_000, ...this.hibernationPolicy };
  }

  /**
   * Applies settings changed while running: idle timers of live accounts and the sweep are
   * re-armed from now; the media cap holds for downloads that have not started yet.
   */
  configure(c: SupervisorSettings): void {
    if (c.hibernation) {
      this.hibernationPolicy = { ...this.hibernationPolicy, ...c.hibernation };
      for (const rt of this.runtimes.values()) {
        if (rt.state === 'live') this.armIdle(rt);
      }
      this.clock.clearTimeout(this.sweepTimer);
      this.sweepTimer = null;
      if (!this.closed) this.armSweep();
    }
    if (c.mediaMaxBytes !== undefined) {
      this.mediaMaxBytes = c.mediaMaxBytes;
      for (const rt of this.runtimes.values()) rt.session.setMediaMaxBytes(c.mediaMaxBytes);
    }
  }

  private armIdle(rt: Runtime): void {
    this.clock.clearTimeout(rt.idleTimer);
    rt.idleTimer = null;
    const idleMs = this.hib.idleMs;
    if (!idleMs) return;
    const check = () => {
      rt.idleTimer = null;
      if (rt.state !== 'live') return;
      const quiet = this.clock.now() - rt.lastActivity;
      if (quiet >= idleMs) void this.hibernate(rt.id);
      else rt.idleTimer = this.clock.setTimeout(check, idleMs - quiet);
    };
    rt.idleTimer = this.clock.setTimeout(check, Math.max(0, idleMs - (this.clock.now() - rt.lastActivity)));
  }

  private armSweep(): void {
    const every = this.hib.sweepEveryMs;
    if (!every) return;
    this.sweepTimer = this.clock.setTimeout(() => {
      this.sweepTimer = null;
      if (this.closed) return;
      for (const rt of this.runtimes.values()) if (rt.state === 'hibernated') this.queueWake(rt.id, true);
      this.armSweep();
    }, every);
  }

  /** Wakes accounts one at a time, `staggerMs` apart, so a sweep never starts them all at once. */
  private queueWake(accountId: string, sweep: boolean): void {
    if (this.wakeQueue.includes(accountId)) return;
    this.wakeQueue.push(accountId);
    const rt = this.runtimes.get(accountId);
    if (rt && sweep) rt.sweeping = true;
    if (!this.wakeTimer) this.nextWake(0);
  }

  private nextWake(delay: number): void {
    this.wakeTimer = this.clock.setTimeout(() => {
      this.wakeTimer = null;
      const id = this.wakeQueue.shift();
      if (!id || this.closed) return;
      const rt = this.runtimes.get(id);
      if (rt) {
        void this.start(id).catch((err: unknown) => this.log(`${id}: could not wake: ${String(err)}`));
        if (rt.sweeping) {
          rt.sweepTimer = this.clock.setTimeout(() => {
            rt.sweepTimer = null;
            if (rt.sweeping) void this.hibernate(id);
          }, this.hib.sweepStayMs);
        }
      }
      if (this.wakeQueue.length) this.nextWake(this.hib.staggerMs);
    }, delay);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.clock.clearTimeout(this.sweepTimer);
    this.clock.clearTimeout(this.wakeTimer);
    await this.loaded.catch(() => undefined);
    // states stay as they are in the archive: startAll() resumes these accounts next time
    await Promise.all([...this.runtimes.values()].map((rt) => this.teardown(rt, { closePage: false })));
    await this.batcher.flush().catch(() => undefined);
  }

  /** Archive writes of this supervisor (tests use it to wait for quiet). */
  async settle(): Promise<void> {
    await Promise.all([...this.runtimes.values()].map((rt) => rt.session.settle().catch(() => undefined)));
  }

  /** Internal: the live page of an account (tests; the Electron host has its own view). */
  pageOf(accountId: string): Page | null {
    return this.runtimes.get(accountId)?.page ?? null;
  }

  /** Internal: the capture session of an account. */
  sessionOf(accountId: string): CaptureSession | null {
    return this.runtimes.get(accountId)?.session ?? null;
  }
}
