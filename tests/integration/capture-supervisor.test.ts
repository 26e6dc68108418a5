import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AccountState } from '../../src/shared/account-state';
import { ManualClock } from '../../src/core/util/clock';
import { Supervisor } from '../../src/core/accounts/supervisor';
import type { SupervisorEvents } from '../../src/core/accounts/supervisor-api';
import { ChromiumPageHost } from '../../src/core/capture/chromium-page-host';
import { waitFor } from '../wa-sim/harness';
import type { Phone } from '../wa-sim/phone';
import { seedWorld } from '../wa-sim/seed';
import { WaSim } from '../wa-sim/server';
import { CAPTURE_REACHES, compareWithTruth, tempArchive, type TempArchive } from './capture-helpers';

/** The supervisor's lifecycle, end to end: real pages, real wwebjs, real archive, a manual clock. */

describe.each(CAPTURE_REACHES)('supervisor (capture reaches the page via %s)', (via) => {
  let sim: WaSim;
  let host: ChromiumPageHost;
  let tmp: TempArchive;
  let clock: ManualClock;
  let sup: Supervisor;
  let states: Array<SupervisorEvents['state']>;
  const hostLog: string[] = [];

  beforeAll(async () => {
    sim = await WaSim.start();
    host = new ChromiumPageHost({ waUrl: sim.url, isolation: 'context', reach: via, log: (m) => hostLog.push(m) });
    tmp = await tempArchive();
  });

  afterAll(async () => {
    await host?.close();
    await sim?.close();
    await tmp?.close();
  });

  type Options = ConstructorParameters<typeof Supervisor>[0];
  function newSupervisor(hibernation: Options['hibernation'] = {}, capture?: Options['capture']): Supervisor {
    clock = new ManualClock(Date.now());
    sup = new Supervisor({
      archive: tmp.archive, pageHost: host, mediaDir: tmp.mediaDir, clock, log: () => {},
      watchdog: { intervalMs: 10_000, timeoutMs: 5_000 },
      hibernation: { sweepEveryMs: null, ...hibernation },
      ...(capture ? { capture } : {}),
    });
    states = [];
    sup.on('state', (e) => states.push(e));
    return sup;
  }

  afterEach(async () => {
    await sup?.close();
  });

  const stateOf = (id: string) => sup.status(id)?.state;
  const reach = (id: string, state: AccountState) => waitFor(() => stateOf(id) === state, `${id} to be ${state}`, 30_000);

  /** Adds an account for a fresh phone and takes it to live by scanning its QR. */
  async function linkAccount(label: string, world?: (p: Phone) => void): Promise<{ accountId: string; phone: Phone; deviceId: string }> {
    const phone = sim.createPhone({ pushname: label });
    world?.(phone);
    const { accountId } = await sup.addAccount({ label });
    const qr = new Promise<string>((resolve) => {
      const off = sup.on('qr', (e) => {
        if (e.accountId !== accountId) return;
        off();
        resolve(e.qr);
      });
    });
    await sup.start(accountId);
    sim.scan(phone.id, await qr);
    await reach(accountId, 'live');
    return { accountId, phone, deviceId: sim.devicesOf(phone.id)[0]! };
  }

    it('takes a new account through needs_qr → syncing → live, persisting and emitting each state', async () => {
      newSupervisor();
      const syncs: Array<SupervisorEvents['sync']> = [];
      sup.on('sync', (s) => syncs.push(s));
      const { accountId, phone } = await linkAccount('Sales EN', (p) => seedWorld(p, { messagesPerChat: 10, media: false }));
      expect(states.filter((s) => s.accountId === accountId).map((s) => s.state)).toEqual(['starting', 'needs_qr', 'syncing', 'live']);
      expect(syncs.at(-1)).toMatchObject({ accountId, phase: 'done', chatsDone: phone.chats.size, chatsTotal: phone.chats.size });
      const row = await waitFor(async () => (await tmp.archive.query('accounts', {})).find((a) => a.id === accountId && a.state === 'live'), 'live in the archive');
      expect(row).toMatchObject({ label: 'Sales EN', meId: phone.me.pn });
      expect(sup.status(accountId)).toMatchObject({ state: 'live', qr: null, retryAt: null });
    });

    it('keeps the account registry in the archive: rename, reorder, owner, proxy, remove', async () => {
      newSupervisor();
      const a = (await sup.addAccount({ label: 'Registry A' })).accountId;
      const b = (await sup.addAccount({ label: 'Registry B', proxy: 'socks5://10.0.0.1:1080' })).accountId;
      await tmp.archive.write([{ op: 'upsertPerson', personId: 'p-lin', name: '林经理', role: 'rep' }]);
      await sup.renameAccount(a, '  Sales Asia  ');
      await sup.setOwner(a, 'p-lin');
      await sup.setProxy(b, null);
      await sup.reorderAccounts([b, a]);
      const rows = (await tmp.archive.query('accounts', {})).filter((r) => r.id === a || r.id === b);
      expect(rows.map((r) => [r.id, r.label, r.ownerName, r.proxy, r.partitionId])).toEqual([
        [b, 'Registry B', null, null, b],
        [a, 'Sales Asia', '林经理', null, a],
      ]);
      await expect(sup.renameAccount(a, '   ')).rejects.toThrow(/name/);
      await sup.removeAccount(b);
      expect((await tmp.archive.query('accounts', {})).some((r) => r.id === b)).toBe(false);
      expect((await tmp.archive.query('accounts', { includeRemoved: true })).find((r) => r.id === b)?.removedAt).not.toBeNull();
      expect(sup.status(b)).toBeNull();
    });

    it('retries an unexpected disconnect with capped exponential backoff, then recovers', async () => {
      newSupervisor();
      const { accountId, deviceId } = await linkAccount('Flaky');
      sim.forceState(deviceId, 'DEPRECATED_VERSION');
      await reach(accountId, 'error');
      expect(sup.status(accountId)!.detail).toContain('DEPRECATED_VERSION');
      expect(sup.status(accountId)!.retryAt).toBe(clock.now() + 2_000);
      expect(clock.pending()).toContain(2_000);
      clock.advance(2_000);
      await reach(accountId, 'live');
      // a failure right after: the next delay doubles? No: reaching live resets the attempts
      sim.forceState(deviceId, 'PROXYBLOCK');
      await reach(accountId, 'error');
      expect(sup.status(accountId)!.retryAt).toBe(clock.now() + 2_000);
      await sup.retry(accountId);
      await reach(accountId, 'live');
    });

    it('backs off 2 s, 4 s, then at the cap, while starting keeps failing', async () => {
      newSupervisor();
      const { accountId } = await sup.addAccount({ label: 'Nowhere' });
      // a host whose page cannot load: every start fails
      const broken = new ChromiumPageHost({ waUrl: 'http://127.0.0.1:9/', isolation: 'context', navigationTimeoutMs: 2_000 });
      const failing = new Supervisor({ archive: tmp.archive, pageHost: broken, mediaDir: tmp.mediaDir, clock, log: () => {}, backoff: { maxMs: 6_000 }, hibernation: { sweepEveryMs: null } });
      try {
        await failing.ready();
        const delays: number[] = [];
        let errors = 0;
        failing.on('state', (e) => {
          if (e.state === 'error') errors++;
        });
        await failing.start(accountId);
        for (let i = 0; i < 4; i++) {
          const status = await waitFor(() => (errors > i && failing.status(accountId)?.retryAt != null ? failing.status(accountId) : null), `failure ${i + 1}`);
          delays.push(status.retryAt! - clock.now());
          clock.advance(delays.at(-1)!);
        }
        expect(delays).toEqual([2_000, 4_000, 6_000, 6_000]);
      } finally {
        await failing.close();
        await broken.close();
      }
    });

    it('conflict: another window took over; "use here" takes it back', async () => {
      newSupervisor();
      const { accountId, deviceId, phone } = await linkAccount('Shared');
      sim.conflict(deviceId);
      await reach(accountId, 'conflict');
      const buyer = phone.addContact({ name: 'Late buyer' }).id;
      phone.addDirectChat(buyer);
      const m = phone.deliver(buyer, { from: buyer, body: 'while you were away' });
      await sup.useHere(accountId);
      await reach(accountId, 'live');
      await waitFor(async () => (await tmp.archive.query('messageDetail', { accountId, messageId: m.id })) !== null, 'the message that came meanwhile');
    });

    it('ban and logout end in banned / logged_out and keep the whole archive', async () => {
      newSupervisor();
      const banned = await linkAccount('Banned', (p) => seedWorld(p, { messagesPerChat: 8, media: false }));
      const loggedOut = await linkAccount('Logged out', (p) => seedWorld(p, { messagesPerChat: 8, media: false }));
      await sup.settle();
      const before = await tmp.archive.query('stats');
      sim.ban(banned.phone.id);
      sim.logoutDevice(loggedOut.deviceId);
      await reach(banned.accountId, 'banned');
      await reach(loggedOut.accountId, 'logged_out');
      expect(sup.status(banned.accountId)!.detail).toContain('TOS_BLOCK');
      // the state is persisted right after it is emitted
      await waitFor(async () => {
        const rows = await tmp.archive.query('accounts', {});
        return rows.find((r) => r.id === banned.accountId)!.state === 'banned' && rows.find((r) => r.id === loggedOut.accountId)!.state === 'logged_out';
      }, 'the states in the archive');
      const after = await tmp.archive.query('stats');
      expect(after.messages).toBe(before.messages);
      for (const acc of [banned, loggedOut]) {
        const cmp = await compareWithTruth(tmp.archive, acc.accountId, acc.phone.groundTruth());
        expect(cmp.missing).toEqual([]);
        expect((await tmp.archive.query('chatList', { accountIds: [acc.accountId] })).length).toBeGreaterThan(5);
      }
      // the page was freed; nothing is left running for them
      expect(sup.pageOf(banned.accountId)).toBeNull();
    });

    it('a page that crashes mid-backfill is reloaded and re-attached: nothing lost, nothing duplicated', async () => {
      newSupervisor();
      const phone = sim.createPhone({ pushname: 'Crashy', seed: 3 });
      seedWorld(phone, { messagesPerChat: 200, media: false });
      const { accountId } = await sup.addAccount({ label: 'Crashy' });
      let crashed = false;
      sup.on('sync', (s) => {
        if (s.accountId !== accountId || crashed || s.phase !== 'history' || s.chatsDone < 3) return;
        crashed = true;
        void host.pageOf(accountId)!.createCDPSession().then((cdp) => cdp.send('Page.crash')).catch(() => undefined);
      });
      sup.on('qr', (e) => {
        if (e.accountId === accountId) sim.scan(phone.id, e.qr);
      });
      await sup.start(accountId);
      await waitFor(() => crashed && states.some((s) => s.accountId === accountId && s.detail?.includes('crashed')), 'the crash to be noticed');
      await reach(accountId, 'live');
      await sup.settle();
      const cmp = await compareWithTruth(tmp.archive, accountId, phone.groundTruth());
      expect(cmp.missing).toEqual([]);
      expect(cmp.unexpected).toEqual([]);
      expect(cmp.mismatches).toEqual([]);
    });

    it('media still owed when the app closes is fetched by the next run', async () => {
      newSupervisor({}, { media: { concurrency: 1, maxQueued: 2 } });
      const phone = sim.createPhone({ pushname: 'Media' });
      const buyer = phone.addContact({ name: 'Photographer' }).id;
      phone.addDirectChat(buyer);
      phone.addHistory(buyer, Array.from({ length: 40 }, (_, i) => ({ from: buyer, type: 'image' as const, caption: `photo ${i}`, t: 1_700_000_000 + i })));
      const { accountId } = await sup.addAccount({ label: 'Media' });
      sup.on('qr', (e) => void sim.scan(phone.id, e.qr));
      await sup.start(accountId);
      await reach(accountId, 'live');
      await sup.close();
      const storedBefore = (await tmp.archive.query('stats')).mediaFiles;
      expect(storedBefore).toBeLessThan(40);

      newSupervisor();
      await sup.start(accountId);
      await reach(accountId, 'live');
      await waitFor(async () => {
        await sup.settle();
        const cmp = await compareWithTruth(tmp.archive, accountId, phone.groundTruth(), { media: true });
        return cmp.mismatches.length === 0;
      }, 'every photo stored');
    });

    it('the watchdog reloads a page that stops responding', async () => {
      newSupervisor();
      const { accountId, phone } = await linkAccount('Hung');
      const cdp = await host.pageOf(accountId)!.createCDPSession();
      await cdp.send('Debugger.enable');
      await cdp.send('Debugger.pause');
      clock.advance(10_000); // watchdog tick: the probe hangs
      clock.advance(5_000); // probe timeout
      await waitFor(() => states.some((s) => s.accountId === accountId && s.detail?.includes('stopped responding')), 'the hang to be noticed');
      await cdp.detach().catch(() => undefined);
      await reach(accountId, 'live');
      const buyer = phone.addContact({ name: 'After hang' }).id;
      phone.addDirectChat(buyer);
      const m = phone.deliver(buyer, { from: buyer, body: 'still archiving' });
      await waitFor(async () => (await tmp.archive.query('messageDetail', { accountId, messageId: m.id })) !== null, 'capture after the hang');
    });

    it('applies changed settings at once: a lower media cap, then idle hibernation switched on', async () => {
      newSupervisor({ idleMs: null });
      const { accountId, phone } = await linkAccount('Settings');
      const buyer = phone.addContact({ name: 'Catalogue sender' }).id;
      phone.addDirectChat(buyer);
      const archived = (id: string) => tmp.archive.query('messageDetail', { accountId, messageId: id });

      sup.configure({ mediaMaxBytes: 100_000 });
      const big = phone.deliver(buyer, { from: buyer, type: 'document', media: { filename: 'catalogue.pdf', size: 300_000 } });
      const d = await waitFor(async () => {
        const x = await archived(big.id);
        return x?.message.media?.status === 'too_large' ? x : null;
      }, 'the file to be left over the new cap');
      expect(d.message.media).toMatchObject({ size: 300_000, sha256: null });

      await sup.settle(); // a reconcile still running would re-arm the idle timer after the clock moved
      clock.advance(24 * 3_600_000);
      expect(stateOf(accountId)).toBe('live'); // hibernation is off so far
      sup.configure({ hibernation: { idleMs: 60_000, sweepEveryMs: null } });
      clock.advance(60_000);
      await reach(accountId, 'hibernated');
    });

    it('hibernates idle accounts and wakes them, staggered, to sweep in what arrived', async () => {
      newSupervisor({ idleMs: 60_000, sweepEveryMs: 600_000, staggerMs: 1_000, sweepStayMs: 120_000 });
      const a = await linkAccount('Sleepy A');
      const b = await linkAccount('Sleepy B');
      const buyerA = a.phone.addContact({ name: 'Night buyer' }).id;
      a.phone.addDirectChat(buyerA);
      clock.advance(60_000);
      await reach(a.accountId, 'hibernated');
      await reach(b.accountId, 'hibernated');
      expect(sup.pageOf(a.accountId)).toBeNull();
      const m = a.phone.deliver(buyerA, { from: buyerA, body: 'arrived while asleep' });
      const wakes: string[] = [];
      sup.on('state', (e) => {
        if (e.state === 'starting') wakes.push(e.accountId);
      });
      clock.advance(540_000); // sweep time: only the first account starts now
      await waitFor(() => wakes.length === 1, 'the first wake');
      expect(stateOf(wakes[0] === a.accountId ? b.accountId : a.accountId)).toBe('hibernated');
      clock.advance(1_000); // the second one a stagger later
      await waitFor(() => wakes.length === 2, 'the second wake');
      await waitFor(async () => (await tmp.archive.query('messageDetail', { accountId: a.accountId, messageId: m.id })) !== null, 'the sweep to archive it');
      await reach(a.accountId, 'hibernated');
      await reach(b.accountId, 'hibernated');
    });

    if (via === 'page-debugger') {
      it('a debugger cut from outside (another DevTools client) is reported, and capture attaches again', async () => {
        newSupervisor();
        const { accountId, phone } = await linkAccount('Cut');
        const session = host.captureSessionOf(accountId)!;
        await session.connection()!.send('Target.detachFromTarget', { sessionId: session.id() });
        await waitFor(() => states.some((s) => s.accountId === accountId && s.state === 'starting' && s.detail === 'Capture was detached from the page (target closed). Reloading.'), 'the cut to be reported');
        expect(hostLog.some((l) => l.includes(accountId) && l.includes('detached'))).toBe(true);
        await reach(accountId, 'live');
        expect(host.captureSessionOf(accountId)).not.toBe(session);
        const buyer = phone.addContact({ name: 'After the cut' }).id;
        phone.addDirectChat(buyer);
        const m = phone.deliver(buyer, { from: buyer, body: 'still archiving' });
        await waitFor(async () => (await tmp.archive.query('messageDetail', { accountId, messageId: m.id })) !== null, 'capture after the cut');
      });
    }
});
