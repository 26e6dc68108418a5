import { EventEmitter } from 'node:events';
import type { Page } from 'puppeteer-core';
import type { Archive } from '../archive/archive';
import { CaptureSession, type CaptureSessionOptions } from '../capture/capture-session';
import type { PageHost } from '../capture/page-host';
import { WriteBatcher } from '../capture/write-batcher';
import { type Clock, systemClock } from '../util/clock';
import { AccountLifecycle } from './account-lifecycle';
import { type AccountRecord, AccountRegistry } from './account-registry';
import { type HibernationPolicy, HibernationScheduler } from './hibernation-scheduler';
import { type BackoffPolicy, DEFAULT_BACKOFF, RUNNING_STATES } from './lifecycle-rules';
import type { AccountStatus, NewAccount, SupervisorApi, SupervisorEvents, SupervisorSettings } from './supervisor-api';

/**
 * The account supervisor (ARCHITECTURE §4), composed of three parts: the registry of
 * accounts in the archive (account-registry.ts), one lifecycle per account — state machine,
 * backoff, watchdog (account-lifecycle.ts) — and the hibernation scheduler
 * (hibernation-scheduler.ts). This class wires them to each other and to the archive's
 * write batcher, and is what the app sees (SupervisorApi).
 */

export interface SupervisorOptions {
  archive: Archive;
  pageHost: PageHost;
  mediaDir: string;
  clock?: Clock;
  log?: (msg: string) => void;
  backoff?: Partial<BackoffPolicy>;
  watchdog?: { intervalMs?: number; timeoutMs?: number } | null;
  hibernation?: HibernationPolicy;
  /** How long whatsapp-web.js waits for WhatsApp Web to load. */
  authTimeoutMs?: number;
  capture?: Pick<CaptureSessionOptions, 'media' | 'reconcile' | 'batching'>;
}

export class Supervisor implements SupervisorApi {
  private readonly emitter = new EventEmitter();
  private readonly clock: Clock;
  private readonly log: (msg: string) => void;
  private readonly batcher: WriteBatcher;
  private readonly registry: AccountRegistry<AccountLifecycle>;
  private readonly scheduler: HibernationScheduler;
  private closed = false;
  private mediaMaxBytes: number | undefined;

  constructor(private readonly o: SupervisorOptions) {
    this.clock = o.clock ?? systemClock;
    this.log = o.log ?? ((m) => console.warn(`[supervisor] ${m}`));
    this.batcher = new WriteBatcher(o.archive, {
      ...o.capture?.batching,
      onFailed: (op, err) => this.log(`archive refused an operation (${op.op}): ${err instanceof Error ? err.message : String(err)}`),
    });
    this.mediaMaxBytes = o.capture?.media?.maxBytes;
    this.scheduler = new HibernationScheduler({
      clock: this.clock,
      log: this.log,
      isLive: (id) => this.registry.peek(id)?.state === 'live',
      hibernatedIds: () => this.registry.values().filter((lc) => lc.state === 'hibernated').map((lc) => lc.id),
      start: (id) => this.start(id),
      hibernate: (id) => this.hibernate(id),
    }, o.hibernation);
    this.registry = new AccountRegistry(o.archive, (record) => this.lifecycleOf(record));
    this.registry.loaded.catch((err: unknown) => this.log(`could not load accounts: ${String(err)}`));
  }

  private lifecycleOf(record: AccountRecord): AccountLifecycle {
    const id = record.id;
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
    session.on('sync', (p) => this.emit('sync', p));
    session.on('gap', (g) => this.emit('gap', g));
    session.on('captured', (c) => {
      this.scheduler.activity(id);
      this.emit('captured', c);
    });
    session.on('rejected', (r) => this.emit('problem', { accountId: id, where: 'rejected', message: `${r.what} ${r.id}: ${r.reason}` }));
    session.on('problem', (p) => this.emit('problem', p));
    this.scheduler.activity(id);
    return new AccountLifecycle(record, session, {
      archive: this.o.archive,
      pageHost: this.o.pageHost,
      clock: this.clock,
      log: this.log,
      backoff: { ...DEFAULT_BACKOFF, ...this.o.backoff },
      watchdog: this.o.watchdog === null ? null : { intervalMs: 15_000, timeoutMs: 10_000, ...this.o.watchdog },
      authTimeoutMs: this.o.authTimeoutMs ?? 60_000,
      emit: (event, e) => this.emit(event, e),
      isClosed: () => this.closed,
      onSynced: (accountId) => this.scheduler.onSynced(accountId),
      onTeardown: (accountId) => this.scheduler.cancelTimers(accountId),
    });
  }

  /** Resolves once the account registry has been read from the archive. */
  ready(): Promise<void> {
    return this.registry.loaded;
  }

  on<K extends keyof SupervisorEvents>(event: K, listener: (e: SupervisorEvents[K]) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }

  private emit<K extends keyof SupervisorEvents>(event: K, e: SupervisorEvents[K]): void {
    this.emitter.emit(event, e);
  }

  private async lc(accountId: string): Promise<AccountLifecycle> {
    return (await this.registry.get(accountId)).value;
  }

  // ------------------------------------------------------------ registry

  async addAccount(input: NewAccount): Promise<{ accountId: string }> {
    return { accountId: (await this.registry.create(input)).accountId };
  }

  renameAccount(accountId: string, label: string): Promise<void> {
    return this.registry.rename(accountId, label);
  }

  reorderAccounts(accountIds: string[]): Promise<void> {
    return this.registry.reorder(accountIds);
  }

  setOwner(accountId: string, ownerId: string | null): Promise<void> {
    return this.registry.setOwner(accountId, ownerId);
  }

  async setProxy(accountId: string, proxy: string | null): Promise<void> {
    const lc = await this.lc(accountId);
    await this.registry.setProxy(accountId, proxy);
    if (lc.running) {
      // the proxy is a browser launch setting: close the page and start over with it
      await lc.teardown({ closePage: true });
      await this.start(accountId);
    }
  }

  async removeAccount(accountId: string): Promise<void> {
    const lc = await this.lc(accountId);
    await lc.teardown({ closePage: true });
    await this.registry.remove(accountId, this.clock.now());
    await lc.setState('stopped', 'Removed; the archive is kept.');
    this.scheduler.forget(accountId);
  }

  async purgeSession(accountId: string): Promise<void> {
    const lc = await this.lc(accountId);
    await lc.teardown({ closePage: true });
    await this.o.pageHost.purge(accountId);
    await lc.setState('stopped', 'The WhatsApp login on this computer was deleted; the archive is kept.');
  }

  // ------------------------------------------------------------ lifecycle

  status(accountId: string): AccountStatus | null {
    return this.registry.peek(accountId)?.status() ?? null;
  }

  async startAll(): Promise<void> {
    await this.registry.loaded;
    for (const r of this.registry.records()) {
      if ([...RUNNING_STATES, 'error'].includes(r.persisted)) this.scheduler.queueWake(r.id, false);
    }
  }

  async start(accountId: string): Promise<void> {
    await (await this.lc(accountId)).start();
  }

  async stop(accountId: string): Promise<void> {
    const lc = await this.lc(accountId);
    this.scheduler.stopSweeping(accountId);
    await lc.stop();
  }

  async hibernate(accountId: string): Promise<void> {
    const lc = await this.lc(accountId);
    if (lc.archiveOnly) return;
    this.scheduler.stopSweeping(accountId);
    await lc.hibernate();
  }

  async wake(accountId: string): Promise<void> {
    const lc = await this.lc(accountId);
    this.scheduler.activity(accountId);
    await lc.start();
  }

  async useHere(accountId: string): Promise<void> {
    await (await this.lc(accountId)).useHere();
  }

  async retry(accountId: string): Promise<void> {
    await (await this.lc(accountId)).retry();
  }

  touch(accountId: string): void {
    if (this.registry.peek(accountId)) this.scheduler.touch(accountId);
  }

  /**
   * Applies settings changed while running: idle timers of live accounts and the sweep are
   * re-armed from now; the media cap holds for downloads that have not started yet.
   */
  configure(c: SupervisorSettings): void {
    if (c.hibernation) {
      this.scheduler.configure(c.hibernation, this.registry.values().filter((lc) => lc.state === 'live').map((lc) => lc.id));
    }
    if (c.mediaMaxBytes !== undefined) {
      this.mediaMaxBytes = c.mediaMaxBytes;
      for (const lc of this.registry.values()) lc.session.setMediaMaxBytes(c.mediaMaxBytes);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.scheduler.close();
    await this.registry.loaded.catch(() => undefined);
    // states stay as they are in the archive: startAll() resumes these accounts next time
    await Promise.all(this.registry.values().map((lc) => lc.teardown({ closePage: false })));
    await this.batcher.flush().catch(() => undefined);
  }

  /** Archive writes of this supervisor (tests use it to wait for quiet). */
  async settle(): Promise<void> {
    await Promise.all(this.registry.values().map((lc) => lc.session.settle().catch(() => undefined)));
  }

  /** Internal: the live page of an account (tests; the Electron host has its own view). */
  pageOf(accountId: string): Page | null {
    return this.registry.peek(accountId)?.page ?? null;
  }

  /** Internal: the capture session of an account. */
  sessionOf(accountId: string): CaptureSession | null {
    return this.registry.peek(accountId)?.session ?? null;
  }
}
