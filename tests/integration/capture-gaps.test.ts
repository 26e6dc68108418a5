import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Supervisor } from '../../src/core/accounts/supervisor';
import type { SupervisorEvents } from '../../src/core/accounts/supervisor-api';
import { ChromiumPageHost } from '../../src/core/capture/chromium-page-host';
import { waitFor } from '../wa-sim/harness';
import { WaSim } from '../wa-sim/server';
import { tempArchive, type TempArchive } from './capture-helpers';

/** History the device cannot give back is recorded and reported as a gap, never hidden. */

let sim: WaSim;
let host: ChromiumPageHost;
let tmp: TempArchive;
let sup: Supervisor;

/** A supervisor on the shared archive and host (one per app run). */
const newSupervisor = () => new Supervisor({ archive: tmp.archive, pageHost: host, mediaDir: tmp.mediaDir, log: () => {}, hibernation: { sweepEveryMs: null } });

beforeAll(async () => {
  sim = await WaSim.start();
  host = new ChromiumPageHost({ waUrl: sim.url, isolation: 'context' });
  tmp = await tempArchive();
  sup = newSupervisor();
});

afterAll(async () => {
  await sup?.close();
  await host?.close();
  await sim?.close();
  await tmp?.close();
});

describe('gaps', () => {
  it('records, stores and emits a gap when the device\'s history no longer reaches the archive', async () => {
    const phone = sim.createPhone({ pushname: 'Gappy' });
    const buyer = phone.addContact({ name: 'Buyer' }).id;
    phone.addDirectChat(buyer);
    phone.addHistory(buyer, Array.from({ length: 10 }, (_, i) => ({ from: buyer, body: `early ${i}`, t: 1_700_000_000 + i })));
    const { accountId } = await sup.addAccount({ label: 'Gappy' });
    sup.on('qr', (e) => void sim.scan(phone.id, e.qr));
    await sup.start(accountId);
    await waitFor(() => sup.status(accountId)?.state === 'live', 'live');
    const gaps: Array<SupervisorEvents['gap']> = [];
    sup.on('gap', (g) => gaps.push(g));

    // asleep while 40 messages come; the phone then only syncs the last 5 and has no more
    await sup.hibernate(accountId);
    const missed = Array.from({ length: 40 }, (_, i) => phone.deliver(buyer, { from: buyer, body: `missed ${i}`, t: 1_700_001_000 + i }));
    phone.limitHistory(5, buyer);
    phone.refuseHistorySync = true;
    await sup.wake(accountId);
    await waitFor(() => gaps.length > 0, 'a gap event');

    const gap = gaps[0]!;
    expect(gap).toMatchObject({ accountId, chatId: buyer, fromTs: 1_700_000_009_000, toTs: missed[35]!.t * 1000 });
    expect(gap.reason).toMatch(/not on this device/);
    const detail = await tmp.archive.query('chatDetail', { accountId, chatId: buyer });
    expect(detail!.gaps).toEqual([expect.objectContaining({ fromTs: gap.fromTs, toTs: gap.toTs, reason: gap.reason })]);
    expect(detail!.sync?.complete).toBe(true); // complete from before the gap; the gap says what is not
    expect(await tmp.archive.query('gaps', { accountId })).toHaveLength(1);
    expect(detail!.messageCount).toBe(15);

    // next run: the phone now agrees to send its history; capture pages back across the gap,
    // archives what was missing and closes the gap
    await sup.close();
    phone.refuseHistorySync = false;
    sup = newSupervisor();
    await sup.start(accountId);
    await waitFor(() => sup.status(accountId)?.state === 'live', 'live again');
    await sup.settle();
    const after = await tmp.archive.query('chatDetail', { accountId, chatId: buyer });
    expect(after!.gaps).toEqual([]);
    expect(after!.messageCount).toBe(50);
    expect(await tmp.archive.query('gaps', { accountId })).toEqual([]);
    expect((await tmp.archive.query('stats')).openGaps).toBe(0);
    for (const m of missed) expect(await tmp.archive.query('messageDetail', { accountId, messageId: m.id })).not.toBeNull();
  });

  it('leaves a gap open while the device still cannot reach across it', async () => {
    const phone = sim.createPhone({ pushname: 'Stubborn' });
    const buyer = phone.addContact({ name: 'Buyer' }).id;
    phone.addDirectChat(buyer);
    phone.addHistory(buyer, Array.from({ length: 10 }, (_, i) => ({ from: buyer, body: `early ${i}`, t: 1_700_000_000 + i })));
    const { accountId } = await sup.addAccount({ label: 'Stubborn' });
    sup.on('qr', (e) => {
      if (e.accountId === accountId) sim.scan(phone.id, e.qr);
    });
    await sup.start(accountId);
    await waitFor(() => sup.status(accountId)?.state === 'live', 'live');
    await sup.hibernate(accountId);
    for (let i = 0; i < 20; i++) phone.deliver(buyer, { from: buyer, body: `missed ${i}`, t: 1_700_001_000 + i });
    phone.limitHistory(5, buyer);
    phone.refuseHistorySync = true;
    await sup.wake(accountId);
    await waitFor(async () => (await tmp.archive.query('gaps', { accountId })).length === 1, 'the gap');

    await sup.close();
    sup = newSupervisor();
    await sup.start(accountId);
    await waitFor(() => sup.status(accountId)?.state === 'live', 'live again');
    await sup.settle();
    expect(await tmp.archive.query('gaps', { accountId })).toHaveLength(1);
    expect((await tmp.archive.query('chatDetail', { accountId, chatId: buyer }))!.messageCount).toBe(15);
  });
});
