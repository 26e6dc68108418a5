import type { Page } from 'puppeteer-core';
import { ARCHIVE_ONLY_STATES, type AccountState } from '../../shared/account-state';
import type { Archive } from '../archive/archive';
import { AttachedClient } from '../capture/attached-client';
import type { CaptureSession } from '../capture/capture-session';
import type { PageHost } from '../capture/page-host';
import { pageAnswers, stuckSocketState, takeOverSession } from '../capture/page-probes';
import { withTimeout } from '../capture/timeout';
import type { Clock, TimerHandle } from '../util/clock';
import type { AccountRecord } from './account-registry';
import { backoffDelay, type BackoffPolicy, disconnectOutcome, RUNNING_STATES } from './lifecycle-rules';
import type { AccountStatus, SupervisorEvents } from './supervisor-api';

export interface LifecycleDeps {
  archive: Archive;
  pageHost: PageHost;
  clock: Clock;
  log: (msg: string) => void;
  backoff: BackoffPolicy;
  watchdog: { intervalMs: number; timeoutMs: number } | null;
  authTimeoutMs: number;
  emit: <K extends keyof SupervisorEvents>(event: K, e: SupervisorEvents[K]) => void;
  isClosed: () => boolean;
  /** Capture finished a sync: the hibernation scheduler decides what comes next. */
  onSynced: (accountId: string) => void;
  /** The account's page and client are gone: its hibernation timers no longer apply. */
  onTeardown: (accountId: string) => void;
}

/**
 * One account's state machine (ARCHITECTURE §4): starting → needs_qr → syncing → live, or
 * error with capped exponential backoff, or banned / logged out / conflict (archive only).
 * Attaches a page from the PageHost, an AttachedClient and the account's CaptureSession;
 * a watchdog reloads crashed or hung pages. Every state change is written to the archive
 * and emitted. Callbacks of an older generation (a start that was overtaken) are ignored.
 */
export class AccountLifecycle {
  state: AccountState;
  detail: string | null;
  private qr: string | null = null;
  private client: AttachedClient | null = null;
  page: Page | null = null;
  /** Bumped on every (re)start or stop; callbacks of an older generation are ignored. */
  private gen = 0;
  private attempt = 0;
  private retryTimer: TimerHandle | null = null;
  private retryAt: number | null = null;
  private watchdogTimer: TimerHandle | null = null;
  private unwatch: Array<() => void> = [];

  constructor(readonly record: AccountRecord, readonly session: CaptureSession, private readonly d: LifecycleDeps) {
    this.state = record.initial.state;
    this.detail = record.initial.detail;
    session.on('problem', (p) => {
      if (p.where === 'reconcile' && this.state === 'syncing') void this.fail(this.gen, `Sync failed: ${p.message}`);
    });
    session.on('reconciled', () => this.onReconciled());
  }

  get id(): string {
    return this.record.id;
  }

  get running(): boolean {
    return RUNNING_STATES.includes(this.state);
  }

  get archiveOnly(): boolean {
    return ARCHIVE_ONLY_STATES.includes(this.state);
  }

  status(): AccountStatus {
    return { state: this.state, detail: this.detail, qr: this.qr, sync: this.state === 'syncing' ? this.session.syncProgress : null, retryAt: this.retryAt };
  }

  async setState(state: AccountState, detail: string | null = null): Promise<void> {
    if (this.state === state && this.detail === detail) return;
    this.state = state;
    this.detail = detail;
    if (state !== 'needs_qr') this.qr = null;
    this.d.emit('state', { accountId: this.id, state, detail, at: this.d.clock.now() });
    try {
      await this.d.archive.write([{ op: 'accountState', accountId: this.id, state, detail }]);
    } catch (err) {
      this.d.log(`${this.id}: could not record state ${state}: ${String(err)}`);
    }
  }

  async start(): Promise<void> {
    if (this.d.isClosed()) throw new Error('The supervisor is closed.');
    if (this.running && this.client) return;
    this.clearRetry();
    const gen = ++this.gen;
    await this.setState('starting', this.state === 'error' ? this.detail : null);
    await this.attach(gen);
  }

  private async attach(gen: number): Promise<void> {
    try {
      const { browser, page } = await this.d.pageHost.open({ accountId: this.id, partitionId: this.record.partitionId, proxy: this.record.proxy });
      if (gen !== this.gen) return;
      this.page = page;
      this.watchPage(page, gen);
      const client = new AttachedClient({ browser, page }, { authTimeoutMs: this.d.authTimeoutMs });
      this.client = client;
      this.wireClient(client, gen);
      this.session.bind(client);
      await client.initialize();
      if (gen !== this.gen) return;
      // a page that loads into a blocked or conflicting session never reaches `ready`
      const stuck = await stuckSocketState(page);
      if (gen !== this.gen) return;
      if (stuck && this.state === 'starting') await this.onDisconnected(gen, stuck);
    } catch (err) {
      if (gen !== this.gen) return;
      await this.fail(gen, `Could not start: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private wireClient(client: AttachedClient, gen: number): void {
    client.on('qr', (qr: string) => {
      if (gen !== this.gen) return;
      this.qr = qr;
      void this.setState('needs_qr').then(() => {
        this.qr = qr;
        this.d.emit('qr', { accountId: this.id, qr });
      });
    });
    client.on('ready', () => {
      if (gen !== this.gen) return;
      void this.setState('syncing');
    });
    client.on('disconnected', (reason: unknown) => {
      if (gen !== this.gen) return;
      void this.onDisconnected(gen, reason);
    });
    client.on('attach_error', (err: Error) => {
      if (gen !== this.gen) return;
      void this.fail(gen, err.message);
    });
  }

  private async onDisconnected(gen: number, reason: unknown): Promise<void> {
    if (gen !== this.gen) return;
    const outcome = disconnectOutcome(reason);
    if (outcome.retry) {
      await this.fail(gen, outcome.detail);
      return;
    }
    this.gen++;
    // banned or logged out: the archive is all there is; the page is freed.
    // conflict: the page stays, so "Use here" can take the session back.
    await this.teardown({ closePage: outcome.state !== 'conflict', keepGen: true });
    await this.setState(outcome.state, outcome.detail);
  }

  private onReconciled(): void {
    if (this.state !== 'syncing' && this.state !== 'live') return;
    this.d.emit('synced', { accountId: this.id });
    this.attempt = 0;
    if (this.state === 'syncing') void this.setState('live');
    this.d.onSynced(this.id);
  }

  /** Something failed: detach, say so, and try again after a backoff. */
  private async fail(gen: number, detail: string): Promise<void> {
    if (gen !== this.gen || this.d.isClosed()) return;
    this.gen++;
    await this.teardown({ closePage: false, keepGen: true });
    // armed first, so whoever hears about the error can already see when the retry comes
    this.scheduleRetry();
    await this.setState('error', detail);
  }

  private scheduleRetry(): void {
    this.clearRetry();
    const delay = backoffDelay(this.attempt, this.d.backoff, () => this.d.clock.random());
    this.attempt++;
    this.retryAt = this.d.clock.now() + delay;
    // cancelled by start/stop/teardown (clearRetry); if it fires, nobody took over meanwhile
    this.retryTimer = this.d.clock.setTimeout(() => {
      this.retryTimer = null;
      this.retryAt = null;
      if (!this.d.isClosed()) void this.start().catch((err: unknown) => this.d.log(`${this.id}: retry failed: ${String(err)}`));
    }, delay);
  }

  private clearRetry(): void {
    this.d.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.retryAt = null;
  }

  /** Detaches capture and the client; optionally closes the page (hibernate in the host). */
  async teardown(opts: { closePage: boolean; keepGen?: boolean }): Promise<void> {
    if (!opts.keepGen) this.gen++;
    this.clearRetry();
    this.d.clock.clearTimeout(this.watchdogTimer);
    this.watchdogTimer = null;
    this.d.onTeardown(this.id);
    for (const u of this.unwatch) u();
    this.unwatch = [];
    const client = this.client;
    this.client = null;
    await this.session.unbind();
    if (client) await withTimeout(client.destroy(), 5_000).catch(() => undefined);
    if (opts.closePage) {
      this.page = null;
      await this.d.pageHost.hibernate(this.id).catch((err: unknown) => this.d.log(`${this.id}: could not close the page: ${String(err)}`));
    }
  }

  async stop(): Promise<void> {
    await this.teardown({ closePage: true });
    await this.setState('stopped');
  }

  async hibernate(): Promise<void> {
    if (this.archiveOnly) return;
    await this.teardown({ closePage: true });
    await this.setState('hibernated', 'Asleep to save memory; woken regularly to archive new messages.');
  }

  async useHere(): Promise<void> {
    if (this.state !== 'conflict') throw new Error('"Use here" only applies when WhatsApp is open in another window.');
    const page = this.page;
    if (page && !page.isClosed()) await takeOverSession(page).catch((err: unknown) => this.d.log(`${this.id}: takeover failed: ${String(err)}`));
    await this.start();
  }

  async retry(): Promise<void> {
    if (this.state === 'error') await this.start();
  }

  /** Crashes and hangs: reload the page and attach a fresh client. */
  private watchPage(page: Page, gen: number): void {
    const onCrash = () => void this.recover(gen, 'The page crashed.');
    const onClose = () => void this.recover(gen, this.d.pageHost.lostBecause?.(this.id) ?? 'The page was closed.');
    page.on('error', onCrash);
    page.on('close', onClose);
    this.unwatch.push(() => {
      page.off('error', onCrash);
      page.off('close', onClose);
    });
    const wd = this.d.watchdog;
    if (!wd) return;
    const tick = () => {
      this.watchdogTimer = null;
      if (gen !== this.gen) return;
      void pageAnswers(page, wd.timeoutMs, this.d.clock).then((alive) => {
        if (gen !== this.gen) return;
        if (alive) this.watchdogTimer = this.d.clock.setTimeout(tick, wd.intervalMs);
        else void this.recover(gen, 'The page stopped responding.');
      });
    };
    this.watchdogTimer = this.d.clock.setTimeout(tick, wd.intervalMs);
  }

  private async recover(gen: number, why: string): Promise<void> {
    if (gen !== this.gen || this.d.isClosed()) return;
    if (this.attempt > 0) {
      // it failed again soon after a recovery: back off instead of looping
      await this.fail(gen, why);
      return;
    }
    this.attempt++;
    const next = ++this.gen;
    await this.teardown({ closePage: false, keepGen: true });
    await this.setState('starting', `${why} Reloading.`);
    const reloaded = this.d.pageHost.reload ? await this.d.pageHost.reload(this.id).then(() => true, () => false) : false;
    if (!reloaded) {
      this.page = null;
      await this.d.pageHost.hibernate(this.id).catch(() => undefined);
    }
    if (next !== this.gen) return;
    await this.attach(next);
  }
}
