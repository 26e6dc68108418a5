import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Supervisor } from '../../src/core/accounts/supervisor';
import { ChromiumPageHost } from '../../src/core/capture/chromium-page-host';
import { waitFor } from '../wa-sim/harness';
import type { Phone } from '../wa-sim/phone';
import { WaSim } from '../wa-sim/server';
import { archivedThread, compareWithTruth, tempArchive, type TempArchive } from './capture-helpers';

/**
 * Two accounts, production isolation (a Chromium profile each): neither sees the other's
 * data, their storage is distinct on disk, and a hibernated account wakes still logged in.
 */

let sim: WaSim;
let host: ChromiumPageHost;
let tmp: TempArchive;
let sup: Supervisor;
let profiles: string;

beforeAll(async () => {
  sim = await WaSim.start();
  tmp = await tempArchive();
  profiles = path.join(tmp.dir, 'profiles');
  mkdirSync(profiles);
  host = new ChromiumPageHost({ waUrl: sim.url, isolation: 'profile', profilesDir: profiles });
  sup = new Supervisor({ archive: tmp.archive, pageHost: host, mediaDir: tmp.mediaDir, log: () => {}, hibernation: { sweepEveryMs: null } });
});

afterAll(async () => {
  await sup?.close();
  await host?.close();
  await sim?.close();
  await tmp?.close();
});

/** Both reps talk to the same buyer (same number): the chats share an id, nothing else. */
function repPhone(name: string, buyerPn: string): { phone: Phone; buyer: string } {
  const phone = sim.createPhone({ pushname: name });
  const buyer = phone.addContact({ pn: buyerPn, name: 'Shared Buyer' }).id;
  phone.addDirectChat(buyer);
  phone.addHistory(buyer, Array.from({ length: 25 }, (_, i) => ({ from: buyer, body: `to ${name} #${i}`, t: 1_700_000_000 + i * 60 })));
  return { phone, buyer };
}

async function link(label: string, phone: Phone): Promise<string> {
  const { accountId } = await sup.addAccount({ label });
  const off = sup.on('qr', (e) => {
    if (e.accountId === accountId) sim.scan(phone.id, e.qr);
  });
  await sup.start(accountId);
  await waitFor(() => sup.status(accountId)?.state === 'live', `${label} live`, 60_000);
  off();
  return accountId;
}

describe('account isolation', () => {
  it('opens no DevTools port: the Chromium of each account speaks CDP over its own pipes', async () => {
    const { phone } = repPhone('Rep P', '8613800000009');
    const accountId = await link('Rep P', phone);
    const spawnargs = sup.pageOf(accountId)!.browser().process()!.spawnargs;
    expect(spawnargs).toContain('--remote-debugging-pipe');
    expect(spawnargs.filter((a) => a.startsWith('--remote-debugging-port'))).toEqual([]);
    const [account] = (await tmp.archive.query('accounts', {})).filter((x) => x.id === accountId);
    expect(existsSync(path.join(host.profileDir(account!.partitionId), 'DevToolsActivePort'))).toBe(false);
  });

  it('keeps two accounts apart in storage and in the archive', async () => {
    const a = repPhone('Rep A', '8613800000001');
    const b = repPhone('Rep B', '8613800000001');
    const accA = await link('A', a.phone);
    const accB = await link('B', b.phone);
    a.phone.deliver(a.buyer, { from: a.buyer, body: 'only for A' });
    b.phone.deliver(b.buyer, { from: b.buyer, body: 'only for B' });
    await waitFor(async () => (await archivedThread(tmp.archive, accA, a.buyer)).length === 26 && (await archivedThread(tmp.archive, accB, b.buyer)).length === 26, 'both live messages');
    await sup.settle();

    const cases = [
      { acc: accA, phone: a.phone, foreign: ['Rep B', 'only for B'] },
      { acc: accB, phone: b.phone, foreign: ['Rep A', 'only for A'] },
    ];
    for (const { acc, phone, foreign } of cases) {
      const cmp = await compareWithTruth(tmp.archive, acc, phone.groundTruth());
      expect(cmp.missing).toEqual([]);
      expect(cmp.unexpected).toEqual([]);
      const texts = (await archivedThread(tmp.archive, acc, a.buyer)).map((m) => m.text ?? '');
      expect(texts.filter((t) => foreign.some((f) => t.includes(f)))).toEqual([]);
      const chats = await tmp.archive.query('chatList', { accountIds: [acc] });
      // the set of owners, not every(): an empty list would pass every() without showing anything
      expect(new Set(chats.map((c) => c.accountId))).toEqual(new Set([acc]));
    }

    // distinct storage: a profile folder each, each logged in to its own phone
    const [rowA, rowB] = [accA, accB].map((id) => host.profileDir(id));
    expect(rowA).not.toBe(rowB);
    expect(existsSync(rowA!) && existsSync(rowB!)).toBe(true);
    const sessionOf = async (acc: string) => JSON.parse(String(await sup.pageOf(acc)!.evaluate(`localStorage.getItem('wa-sim-session')`))) as { phoneId: string };
    expect((await sessionOf(accA)).phoneId).toBe(a.phone.id);
    expect((await sessionOf(accB)).phoneId).toBe(b.phone.id);
  });

  it('a hibernated account (browser closed) wakes logged in, from its own profile', async () => {
    const c = repPhone('Rep C', '8613800000002');
    const acc = await link('C', c.phone);
    await sup.hibernate(acc);
    expect(sup.pageOf(acc)).toBeNull();
    const m = c.phone.deliver(c.buyer, { from: c.buyer, body: 'while the browser was closed' });
    const qrs: string[] = [];
    const off = sup.on('qr', (e) => {
      if (e.accountId === acc) qrs.push(e.qr);
    });
    await sup.wake(acc);
    await waitFor(() => sup.status(acc)?.state === 'live', 'C live again', 60_000);
    off();
    expect(qrs).toEqual([]);
    await waitFor(async () => (await tmp.archive.query('messageDetail', { accountId: acc, messageId: m.id })) !== null, 'the message archived');
  });

  it('purging the session deletes the login (profile folder) but not the archive', async () => {
    const d = repPhone('Rep D', '8613800000003');
    const acc = await link('D', d.phone);
    await sup.settle();
    const archived = (await archivedThread(tmp.archive, acc, d.buyer)).length;
    await sup.purgeSession(acc);
    expect(existsSync(host.profileDir(acc))).toBe(false);
    expect(sup.status(acc)?.state).toBe('stopped');
    expect((await archivedThread(tmp.archive, acc, d.buyer)).length).toBe(archived);
    const qr = new Promise<string>((resolve) => {
      const off = sup.on('qr', (e) => {
        if (e.accountId !== acc) return;
        off();
        resolve(e.qr);
      });
    });
    await sup.start(acc);
    expect(await qr).toMatch(/^2@/);
    await sup.stop(acc);
  });
});
