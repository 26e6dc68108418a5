import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturedMessage } from '../../src/shared/account-views';
import { AttachedClient } from '../../src/core/capture/attached-client';
import { CaptureSession } from '../../src/core/capture/capture-session';
import { ChromiumPageHost } from '../../src/core/capture/chromium-page-host';
import { waitFor } from '../wa-sim/harness';
import type { Phone } from '../wa-sim/phone';
import { seedWorld, type SeededWorld } from '../wa-sim/seed';
import { WaSim } from '../wa-sim/server';
import { CAPTURE_REACHES, compareWithTruth, tempArchive, type TempArchive } from './capture-helpers';

/** Live traffic after the first sync: every kind of event ends up in the archive. */

describe.each(CAPTURE_REACHES)('live capture (capture reaches the page via %s)', (reach) => {
  let sim: WaSim;
  let host: ChromiumPageHost;
  let tmp: TempArchive;
  let world: SeededWorld;
  let phone: Phone;
  let session: CaptureSession;
  let client: AttachedClient;
  let deviceId: string;
  let linkedAt: number;
  const ACC = 'acc-live';
  const captured: CapturedMessage[] = [];

  beforeAll(async () => {
    sim = await WaSim.start();
    host = new ChromiumPageHost({ waUrl: sim.url, isolation: 'context', reach });
    tmp = await tempArchive();
    phone = sim.createPhone({ pushname: 'Rep', seed: 5 });
    world = seedWorld(phone, { messagesPerChat: 20 });
    await tmp.archive.write([{ op: 'createAccount', accountId: ACC, label: 'Live', partitionId: 'p-live' }]);
    const { browser, page } = await host.open({ accountId: ACC, partitionId: 'p-live', proxy: null });
    client = new AttachedClient({ browser, page });
    session = new CaptureSession({ accountId: ACC, archive: tmp.archive, mediaDir: tmp.mediaDir, log: () => {} });
    session.on('captured', (c) => captured.push(c));
    session.bind(client);
    client.once('qr', (qr: string) => void sim.scan(phone.id, qr));
    const reconciled = new Promise((resolve) => session.on('reconciled', resolve));
    linkedAt = Date.now();
    await client.initialize();
    await reconciled;
    await session.settle();
    deviceId = sim.devicesOf(phone.id)[0]!;
  });

  afterAll(async () => {
    await session?.unbind();
    await client?.destroy();
    await host?.close();
    await sim?.close();
    await tmp?.close();
  });

  async function archiveMatchesPhone(opts: { media?: boolean } = {}): Promise<void> {
    let last = '';
    await waitFor(async () => {
      const cmp = await compareWithTruth(tmp.archive, ACC, phone.groundTruth(), { liveSince: linkedAt, expectRevokeMe: true, notifications: true, ...opts });
      last = JSON.stringify({ missing: cmp.missing.slice(0, 3), unexpected: cmp.unexpected.slice(0, 3), mismatches: cmp.mismatches.slice(0, 3) });
      return cmp.missing.length + cmp.unexpected.length + cmp.mismatches.length === 0;
    }, 'the archive to match the phone', 30_000, 50).catch((err: Error) => {
      throw new Error(`${err.message}: ${last}`);
    });
  }

    it('archives messages of every kind, and tells the app about each one', async () => {
      const buyer = world.buyers[0]!;
      const zhGroup = world.groups[2]!;
      const zhBuyer = world.buyers.find((b) => b.lang === 'zh')!;
      const sent = [
        phone.deliver(buyer.id, { from: buyer.id, body: 'Live hello, price for 2000 pcs?' }),
        phone.deliver(buyer.id, { fromMe: true, body: 'Sending the quote now' }),
        phone.deliver(buyer.id, { from: buyer.id, type: 'image', caption: 'damaged carton' }),
        phone.deliver(buyer.id, { from: buyer.id, type: 'ptt' }),
        phone.deliver(buyer.id, { from: buyer.id, type: 'document', media: { filename: 'PO-7781.pdf' } }),
        phone.deliver(zhGroup.id, { from: zhBuyer.id, body: '样品收到了，质量很好' }),
        phone.deliver(world.direct[1]!.id, { from: world.direct[1]!.id, type: 'location', location: { lat: 19.43, lng: -99.13, name: 'Bodega', address: 'CDMX' } }),
      ];
      phone.deliver(buyer.id, { from: buyer.id, body: 'as I said', quotedId: sent[0]!.id, forwarded: true });
      await archiveMatchesPhone({ media: true });
      await waitFor(() => sent.every((m) => captured.some((c) => c.messageId === m.id)), 'captured events');
      const first = captured.find((c) => c.messageId === sent[0]!.id)!;
      expect(first).toMatchObject({ accountId: ACC, chatId: buyer.id, fromMe: false, preview: 'Live hello, price for 2000 pcs?', senderName: buyer.name, chatName: buyer.name });
    });

    it('keeps every edit as a revision, revokes as flags with the original text, acks and reactions', async () => {
      const buyer = world.buyers[1]!;
      const m = phone.deliver(buyer.id, { from: buyer.id, body: 'Order 500 units' });
      const mine = phone.deliver(buyer.id, { fromMe: true, body: 'Confirmed' });
      await archiveMatchesPhone();
      phone.edit(m.id, 'Order 600 units');
      phone.edit(m.id, 'Order 700 units');
      phone.ack(mine.id, 2);
      phone.ack(mine.id, 3);
      phone.react(mine.id, buyer.id, '👍');
      phone.react(m.id, phone.me.pn, '🙏');
      phone.react(m.id, phone.me.pn, '');
      const gone = phone.deliver(buyer.id, { from: buyer.id, body: 'oops wrong chat' });
      await archiveMatchesPhone();
      phone.revoke(gone.id);
      const forMe = phone.deliver(buyer.id, { from: buyer.id, body: 'delete me locally' });
      await archiveMatchesPhone();
      phone.deleteForMe(forMe.id);
      await archiveMatchesPhone();
      const detail = await tmp.archive.query('messageDetail', { accountId: ACC, messageId: m.id });
      expect(detail!.message.body).toBe('Order 500 units');
      expect(detail!.revisions.map((r) => r.body)).toEqual(['Order 600 units', 'Order 700 units']);
      expect(detail!.message.text).toBe('Order 700 units');
      const revoked = await tmp.archive.query('messageDetail', { accountId: ACC, messageId: gone.id });
      expect(revoked!.message).toMatchObject({ body: 'oops wrong chat', revoked: 'everyone' });
      const acked = await tmp.archive.query('messageDetail', { accountId: ACC, messageId: mine.id });
      expect(acked!.message.ack).toBe(3);
      const local = await tmp.archive.query('messageDetail', { accountId: ACC, messageId: forMe.id });
      expect(local!.message).toMatchObject({ body: 'delete me locally', revoked: 'me' });
    });

    it('archives group events: joins, leaves, promotions and subject changes', async () => {
      const group = world.groups[0]!;
      const newcomer = phone.addContact({ name: 'New Buyer', pushname: 'NB' });
      phone.join(group.id, [newcomer.id], phone.me.pn);
      phone.setRole(group.id, [newcomer.id], 'admin');
      const demoted = world.buyers[0]!;
      phone.setRole(group.id, [demoted.id], 'member');
      phone.setSubject(group.id, 'Carter Imports × Factory (2025)');
      const leaver = world.buyers[2]!;
      phone.leave(group.id, [leaver.id]);
      await archiveMatchesPhone();
      const detail = await waitFor(async () => {
        const d = await tmp.archive.query('chatDetail', { accountId: ACC, chatId: group.id });
        return d?.name === 'Carter Imports × Factory (2025)' && d.participants.some((p) => p.contactId === newcomer.pn && p.role === 'admin') ? d : null;
      }, 'group state');
      expect(detail.participants.find((p) => p.contactId === leaver.pn)?.isMember).toBe(false);
      expect(detail.participants.find((p) => p.contactId === demoted.pn)?.role).toBe('member');
      expect(detail.events.map((e) => [e.contactId, e.event])).toEqual(expect.arrayContaining([
        [newcomer.pn, 'join'], [newcomer.pn, 'promote'], [demoted.pn, 'demote'], [leaver.pn, 'leave'],
      ]));
    });

    if (reach === 'page-debugger') {
    it('capture holds its page and nothing else: no other target, no browser it could close', async () => {
      const browser = client.page.browser();
      expect(await browser.pages()).toEqual([client.page]);
      expect(client.page).not.toBe(host.pageOf(ACC));
      await expect(browser.newPage()).rejects.toThrow(/not available/);
    });
  }

  it('archives messages that arrived while the page was offline', async () => {
      const buyer = world.buyers[3]!;
      sim.setOnline(deviceId, false);
      const queued = [1, 2, 3, 4].map((i) => phone.deliver(buyer.id, { from: buyer.id, body: `sent while you were offline ${i}` }));
      expect(sim.queued(deviceId)).toBe(queued.length);
      sim.setOnline(deviceId, true);
      await archiveMatchesPhone();
      expect(sim.queued(deviceId)).toBe(0);
    });
});
