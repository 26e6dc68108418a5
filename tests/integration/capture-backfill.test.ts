import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaPath } from '../../src/core/archive/media-store';
import { AttachedClient } from '../../src/core/capture/attached-client';
import { CaptureSession } from '../../src/core/capture/capture-session';
import { ChromiumPageHost } from '../../src/core/capture/chromium-page-host';
import { nextEvent } from '../wa-sim/harness';
import type { Phone } from '../wa-sim/phone';
import { seedWorld, type SeededWorld } from '../wa-sim/seed';
import { WaSim } from '../wa-sim/server';
import { compareWithTruth, tempArchive, type TempArchive } from './capture-helpers';

/** Pair → ready → backfill: the archive equals what the phone has (real wwebjs, Chromium, SQLite). */

let sim: WaSim;
let host: ChromiumPageHost;
let tmp: TempArchive;
let world: SeededWorld;
let phone: Phone;
let session: CaptureSession;
let client: AttachedClient;
const ACC = 'acc-backfill';
const rejected: unknown[] = [];

beforeAll(async () => {
  sim = await WaSim.start();
  host = new ChromiumPageHost({ waUrl: sim.url, isolation: 'context' });
  tmp = await tempArchive();
  phone = sim.createPhone({ pushname: 'Sales Rep', seed: 42 });
  world = seedWorld(phone, { messagesPerChat: 150 });
  // one old file WhatsApp no longer has
  const media = [...phone.messages.values()].filter((m) => m.media && !m.revoked);
  phone.expireMedia(media[0]!.id);
  await tmp.archive.write([{ op: 'createAccount', accountId: ACC, label: 'Backfill', partitionId: 'p-backfill' }]);
  const { browser, page } = await host.open({ accountId: ACC, partitionId: 'p-backfill', proxy: null });
  client = new AttachedClient({ browser, page });
  session = new CaptureSession({ accountId: ACC, archive: tmp.archive, mediaDir: tmp.mediaDir, log: () => {} });
  session.on('rejected', (r) => rejected.push(r));
  session.bind(client);
  client.once('qr', (qr: string) => void sim.scan(phone.id, qr));
  const reconciled = new Promise((resolve) => session.on('reconciled', resolve));
  await client.initialize();
  await reconciled;
  await session.settle();
});

afterAll(async () => {
  await session?.unbind();
  await client?.destroy();
  await host?.close();
  await sim?.close();
  await tmp?.close();
});

describe('backfill after pairing', () => {
  it('archives every message the device can see, as the phone has it', async () => {
    const truth = phone.groundTruth();
    const cmp = await compareWithTruth(tmp.archive, ACC, truth, { media: true });
    expect(cmp.missing).toEqual([]);
    expect(cmp.unexpected).toEqual([]);
    expect(cmp.mismatches).toEqual([]);
    expect(cmp.compared).toBeGreaterThan(1500);
    expect(rejected).toEqual([]);
  });

  it('stores media bytes content-addressed and marks expired media', async () => {
    const stored = [...phone.messages.values()].filter((m) => m.media && !m.revoked && !m.media.expired);
    expect(stored.length).toBeGreaterThan(0);
    for (const m of stored.slice(0, 20)) {
      expect(readFileSync(mediaPath(tmp.mediaDir, m.media!.sha256)).equals(m.media!.bytes)).toBe(true);
    }
    const stats = await tmp.archive.query('stats');
    expect(stats.mediaFiles).toBe(new Set(stored.map((m) => m.media!.sha256)).size);
  });

  it('keeps participants with their roles, and the community structure', async () => {
    const truth = phone.groundTruth();
    const lidToPn = new Map(truth.contacts.filter((c) => c.lid).map((c) => [c.lid!, c.pn]));
    lidToPn.set(phone.me.lid, phone.me.pn);
    const groups = truth.chats.filter((c) => c.participants.length);
    expect(groups.length).toBeGreaterThan(0);
    for (const chat of groups) {
      const detail = await tmp.archive.query('chatDetail', { accountId: ACC, chatId: chat.id });
      const got = detail!.participants.filter((p) => p.isMember).map((p) => `${p.contactId}:${p.role}`).sort();
      expect(got, chat.name ?? chat.id).toEqual(chat.participants.map((p) => `${lidToPn.get(p.id) ?? p.id}:${p.role}`).sort());
      expect(detail!.kind).toBe(chat.kind);
    }
    const community = await tmp.archive.query('chatDetail', { accountId: ACC, chatId: world.community.community.id });
    expect(community!.kind).toBe('community');
    expect(community!.communityGroups.map((g) => [g.chatId, g.kind])).toEqual([
      [world.community.announce.id, 'community_announce'],
      ...[...world.community.groups].sort((a, b) => a.group!.subject.localeCompare(b.group!.subject)).map((g) => [g.id, 'group']),
    ]);
    const announce = await tmp.archive.query('chatDetail', { accountId: ACC, chatId: world.community.announce.id });
    expect(announce!.parent?.chatId).toBe(world.community.community.id);
    const broadcast = await tmp.archive.query('chatDetail', { accountId: ACC, chatId: world.broadcast.id });
    expect(broadcast!.kind).toBe('broadcast');
  });

  it('keeps contacts with both their @lid and phone ids, and the account\'s own number', async () => {
    const lidBuyers = world.buyers.filter((x) => x.lid);
    expect(lidBuyers.length).toBeGreaterThan(0);
    for (const b of lidBuyers) {
      const c = await tmp.archive.query('contactDetail', { accountId: ACC, contactId: b.lid! });
      expect(c).toMatchObject({ contactId: b.pn, lid: b.lid, phone: b.pn.split('@')[0], savedName: b.name });
    }
    const [account] = await tmp.archive.query('accounts', {});
    expect(account).toMatchObject({ id: ACC, meId: phone.me.pn, phone: phone.me.pn.split('@')[0] });
  });

  it('records a complete sync state per chat and no gaps', async () => {
    expect(phone.chats.size).toBeGreaterThan(0);
    for (const chat of phone.chats.values()) {
      const detail = await tmp.archive.query('chatDetail', { accountId: ACC, chatId: chat.id });
      expect(detail!.sync?.complete, chat.id).toBe(true);
      expect(detail!.gaps).toEqual([]);
    }
    expect(await tmp.archive.query('gaps', { accountId: ACC })).toEqual([]);
  });

  it('a second ready re-reads only the overlap and changes nothing', async () => {
    const before = await tmp.archive.query('stats');
    const pagesBefore = sim.stats.loadEarlier;
    const ready = nextEvent(client, 'ready');
    const reconciled = new Promise((resolve) => session.on('reconciled', resolve));
    await client.page.reload();
    await ready;
    await reconciled;
    await session.settle();
    expect(await tmp.archive.query('stats')).toMatchObject({ messages: before.messages, mediaFiles: before.mediaFiles, revisions: before.revisions });
    // overlap only: a few small pages per chat, not the whole history again
    expect(sim.stats.loadEarlier - pagesBefore).toBeLessThan(phone.chats.size * 4);
  });
});
