import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/util/clock';
import { Supervisor } from '../../src/core/accounts/supervisor';
import { ChromiumPageHost } from '../../src/core/capture/chromium-page-host';
import { waitFor } from '../wa-sim/harness';
import { seedWorld, type SeededWorld } from '../wa-sim/seed';
import { WaSim } from '../wa-sim/server';
import { compareWithTruth, tempArchive, type TempArchive } from './capture-helpers';

/**
 * 100 disconnect/reconnect cycles with traffic in between, of three kinds: the network
 * drops (events queue on the server), the socket fails (the supervisor restarts with
 * backoff and a reloaded page), the account hibernates and wakes (page closed and
 * reopened). One browser for all of it. At the end the
 * archive has every message exactly once, with its edits, revokes and reactions.
 */

const CYCLES = Number(process.env.CAPTURE_CYCLES ?? 100);
let sim: WaSim;
let host: ChromiumPageHost;
let tmp: TempArchive;
let sup: Supervisor;
const clock = new ManualClock(Date.now());

beforeAll(async () => {
  sim = await WaSim.start();
  host = new ChromiumPageHost({ waUrl: sim.url, isolation: 'context' });
  tmp = await tempArchive();
  sup = new Supervisor({ archive: tmp.archive, pageHost: host, mediaDir: tmp.mediaDir, clock, log: () => {}, watchdog: null, hibernation: { sweepEveryMs: null } });
});

afterAll(async () => {
  await sup?.close();
  await host?.close();
  await sim?.close();
  await tmp?.close();
});

describe('disconnect/reconnect cycles', () => {
  it(`${CYCLES} cycles with traffic between them: 0 missing, 0 duplicates`, { timeout: 180_000 }, async () => {
    const phone = sim.createPhone({ pushname: 'Cycles', seed: 9 });
    const world: SeededWorld = seedWorld(phone, { messagesPerChat: 15, media: false });
    const { accountId } = await sup.addAccount({ label: 'Cycles' });
    sup.on('qr', (e) => void sim.scan(phone.id, e.qr));
    await sup.start(accountId);
    await waitFor(() => sup.status(accountId)?.state === 'live', 'live');
    const session = sup.sessionOf(accountId)!;
    let reconciles = 0;
    session.on('reconciled', () => reconciles++);
    const chats = [...world.direct.slice(0, 4), world.groups[0]!];
    const rng = phone.rng;
    let delivered = 0;
    const traffic = (n: number) => {
      for (let i = 0; i < n; i++) {
        const chat = chats[delivered % chats.length]!;
        const from = chat.group ? [...chat.group.participants.keys()].find((p) => p !== phone.me.pn)! : chat.id;
        const m = phone.deliver(chat.id, { from, body: `cycle message ${delivered++}` });
        if (rng() < 0.15) phone.edit(m.id, `${m.body} (edited)`);
        else if (rng() < 0.1) phone.react(m.id, phone.me.pn, '👍');
      }
    };

    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const deviceId = sim.devicesOf(phone.id)[0]!;
      const before = reconciles;
      traffic(1);
      switch (['network', 'socket', 'network', 'socket', 'page'][cycle % 5]) {
        case 'network': // the network drops: events queue on the server, delivered on reconnect
          sim.setOnline(deviceId, false);
          traffic(3);
          sim.setOnline(deviceId, true);
          await waitFor(() => reconciles > before, `reconcile after reconnect (cycle ${cycle})`);
          break;
        case 'socket': // the socket fails: error, backoff, restart with a reloaded page
          sim.forceState(deviceId, 'DEPRECATED_VERSION');
          await waitFor(() => sup.status(accountId)?.state === 'error' && sup.status(accountId)?.retryAt != null, `error (cycle ${cycle})`);
          traffic(3);
          clock.advance(sup.status(accountId)!.retryAt! - clock.now());
          await waitFor(() => reconciles > before && sup.status(accountId)?.state === 'live', `live again (cycle ${cycle})`);
          break;
        default: // hibernate and wake: the page is closed and opened again
          await sup.hibernate(accountId);
          traffic(3);
          await sup.wake(accountId);
          await waitFor(() => reconciles > before && sup.status(accountId)?.state === 'live', `awake (cycle ${cycle})`);
      }
    }
    traffic(2);
    const cmp = await waitFor(async () => {
      await sup.settle();
      const c = await compareWithTruth(tmp.archive, accountId, phone.groundTruth(), { expectRevokeMe: true });
      return c.missing.length === 0 && c.mismatches.length === 0 ? c : null;
    }, 'the archive to catch up', 30_000, 100);
    expect(cmp.missing).toEqual([]);
    expect(cmp.unexpected).toEqual([]);
    expect(cmp.mismatches).toEqual([]);
    expect(delivered).toBeGreaterThan(CYCLES * 3);
    const stats = await tmp.archive.query('stats');
    const onPhone = phone.groundTruth().chats.flatMap((c) => c.messages).filter((m) => !m.isNotification).length;
    expect(stats.messages).toBe(onPhone);
  });
});
