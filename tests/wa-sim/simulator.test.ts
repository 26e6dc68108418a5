import { createHash } from 'node:crypto';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttachedClient } from '../../src/core/capture/attached-client';
import type { WChat, WContact, WGroupChat, WGroupNotification, WMessage, WReaction } from '../../src/core/capture/wwebjs';
import type { Page } from 'puppeteer-core';
import {
  attachReady, collect, COMPOSER, launchChromium, nextEvent, openChatInPage, openSimPage, readChatStore, shownQrRef, socketState,
  takeover, waitFor,
} from './harness';
import type { Phone } from './phone';
import { seedWorld, type SeededWorld } from './seed';
import { WaSim } from './server';

/**
 * The simulator, driven by unmodified whatsapp-web.js 1.34.7 (through AttachedClient,
 * which only changes how the client finds its page) in real Chromium.
 */

let sim: WaSim;
let browser: Browser;
const clients: AttachedClient[] = [];

beforeAll(async () => {
  sim = await WaSim.start();
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of clients) await c.destroy();
  await browser?.close();
  await sim?.close();
});

async function linked(world?: (p: Phone) => void): Promise<{ phone: Phone; client: AttachedClient; deviceId: string; page: Page }> {
  const phone = sim.createPhone({ pushname: 'Rep', seed: 7 });
  world?.(phone);
  const { page } = await openSimPage(browser, sim);
  const client = await attachReady(browser, page, sim, phone);
  clients.push(client);
  const deviceId = sim.devicesOf(phone.id)[0]!;
  return { phone, client, deviceId, page };
}

const sha = (b64: string) => createHash('sha256').update(Buffer.from(b64, 'base64')).digest('hex');

describe('pairing', () => {
  it('shows a QR, rotates it, accepts only the current one, and a reload stays logged in', async () => {
    const phone = sim.createPhone({ pushname: 'Rotating' });
    const { page } = await openSimPage(browser, sim);
    const client = new AttachedClient({ browser, page });
    clients.push(client);
    const qrs = collect<[string]>(client, 'qr');
    const ready = nextEvent(client, 'ready');
    await client.initialize();
    await waitFor(() => qrs.length === 1, 'first QR');
    const shown = await shownQrRef(page);
    expect(qrs[0]![0].startsWith(`${shown},`)).toBe(true);
    sim.rotateQr();
    await waitFor(() => qrs.length === 2, 'rotated QR');
    expect(qrs[1]![0]).not.toBe(qrs[0]![0]);
    expect(() => sim.scan(phone.id, qrs[0]![0])).toThrow(/expired/);
    sim.scan(phone.id, qrs[1]![0]);
    await ready;
    expect(client.info.wid._serialized).toBe(phone.me.pn);
    expect(client.info.pushname).toBe('Rotating');

    await client.destroy();
    const again = await attachReady(browser, page, sim);
    clients.push(again);
    expect(again.info.wid._serialized).toBe(phone.me.pn);
    expect(sim.devicesOf(phone.id)).toHaveLength(1);
  });
});

describe('an unscanned QR', () => {
  it('goes idle after a few refs; the attached client refreshes it in the page and the phone can scan it', async () => {
    const idleSim = await WaSim.start({ maxQrRefs: 2 });
    try {
      const phone = idleSim.createPhone();
      const { page } = await openSimPage(browser, idleSim);
      const client = new AttachedClient({ browser, page });
      clients.push(client);
      const qrs = collect<[string]>(client, 'qr');
      const states = collect<[string]>(client, 'change_state');
      const ready = nextEvent(client, 'ready');
      await client.initialize();
      await waitFor(() => qrs.length === 1, 'first QR');
      idleSim.rotateQr();
      await waitFor(() => qrs.length === 2, 'second QR');
      idleSim.rotateQr(); // past maxQrRefs: UNPAIRED_IDLE, then Cmd.refreshQR() from the page
      await waitFor(() => qrs.length === 3, 'a QR after the idle refresh');
      idleSim.scan(phone.id, qrs[2]![0]);
      await ready;
      expect(states.map(([s]) => s)).not.toContain('UNPAIRED_IDLE'); // only emitted after ready
      expect(client.info.wid._serialized).toBe(phone.me.pn);
    } finally {
      await idleSim.close();
    }
  });
});

describe('history', () => {
  let world: SeededWorld;
  let client: AttachedClient;
  let chats: WChat[];

  beforeAll(async () => {
    const r = await linked((p) => {
      world = seedWorld(p, { messagesPerChat: 70 });
    });
    client = r.client;
    chats = await client.getChats();
  });

  it('has every chat kind: direct (incl. @lid), groups with admins, a community, a broadcast list', () => {
    const truth = world.phone.groundTruth();
    expect(new Set(chats.map((c) => c.id._serialized))).toEqual(new Set(truth.chats.map((c) => c.id)));
    const lidChat = chats.find((c) => c.id.server === 'lid');
    expect(lidChat?.isGroup).toBe(false);
    const group = chats.find((c) => c.name === 'Pedidos México 2025') as WGroupChat;
    expect(group.isGroup).toBe(true);
    const admins = group.participants.filter((p) => p.isAdmin).map((p) => p.id._serialized);
    expect(admins).toContain(world.buyers.find((b) => b.lang === 'es')!.pn);
    expect(admins).toContain(world.phone.me.pn);
    const meta = (id: string) => (chats.find((c) => c.id._serialized === id) as unknown as { groupMetadata: Record<string, unknown> }).groupMetadata;
    expect(meta(world.community.community.id).isParentGroup).toBe(true);
    expect(meta(world.community.announce.id)).toMatchObject({ defaultSubgroup: true, announce: true });
    expect((meta(world.community.announce.id).parentGroup as { _serialized: string })._serialized).toBe(world.community.community.id);
    expect((meta(world.community.groups[0]!.id).parentGroup as { _serialized: string })._serialized).toBe(world.community.community.id);
    expect(chats.some((c) => c.id.server === 'broadcast')).toBe(true);
    // a group addressed by @lid: whatsapp-web.js maps participants back to phone numbers
    const zh = chats.find((c) => c.name === '深圳采购群') as WGroupChat;
    expect(zh.participants.length).toBeGreaterThan(0);
    expect(zh.participants.filter((p) => p.id.server !== 'c.us').map((p) => p.id._serialized)).toEqual([]);
  });

  it('lists contacts, mapping @lid ids to phone numbers', async () => {
    const contacts: WContact[] = await client.getContacts();
    const lidBuyers = world.buyers.filter((b) => b.lid);
    expect(lidBuyers.length).toBeGreaterThan(0);
    for (const b of lidBuyers) {
      const c = contacts.find((x) => x.id._serialized === b.pn);
      expect(c?.name).toBe(b.name);
    }
  });

  it('pages history back through fetchMessages and serves media byte-exact', async () => {
    const truth = world.phone.groundTruth();
    for (const chat of chats) {
      const msgs: WMessage[] = await chat.fetchMessages({ limit: 1_000_000 });
      const expected = truth.chats.find((c) => c.id === chat.id._serialized)!.messages.filter((m) => !m.isNotification && m.revoked !== 'me');
      expect(msgs.map((m) => m.id._serialized).sort()).toEqual(expected.map((m) => m.id).sort());
    }
    expect(sim.stats.loadEarlier).toBeGreaterThan(chats.length);
    const direct = chats.find((c) => c.id._serialized === world.direct[0]!.id)!;
    const all = await direct.fetchMessages({ limit: 1_000_000 });
    const withMedia = all.filter((m) => m.hasMedia);
    expect(new Set(withMedia.map((m) => m.type)).size).toBeGreaterThan(1);
    for (const m of withMedia) {
      const media = await m.downloadMedia();
      expect(sha(media.data)).toBe(world.phone.message(m.id._serialized).media!.sha256);
    }
    world.phone.expireMedia(withMedia[0]!.id._serialized);
    expect(await withMedia[0]!.downloadMedia()).toBeUndefined();
  });

  it('carries edits, revokes, reactions, quotes, forwards, locations and vcards', async () => {
    const truth = world.phone.groundTruth().chats.flatMap((c) => c.messages);
    const msgs = (await Promise.all(chats.map((c) => c.fetchMessages({ limit: 1_000_000 })))).flat();
    const byId = new Map(msgs.map((m) => [m.id._serialized, m]));
    const edited = truth.find((m) => m.edits.length && !m.revoked)!;
    expect(byId.get(edited.id)!.body).toBe(edited.text);
    expect(byId.get(edited.id)!.latestEditSenderTimestampMs).toBe(edited.edits.at(-1)!.atMs);
    const revoked = truth.find((m) => m.revoked === 'everyone')!;
    expect(byId.get(revoked.id)!.type).toBe('revoked');
    expect(byId.get(revoked.id)!.body).toBe('');
    const reacted = truth.find((m) => m.reactions.length && !m.revoked)!;
    const list = await byId.get(reacted.id)!.getReactions();
    expect(list.flatMap((r) => r.senders.map((s: WReaction) => [s.senderId, s.reaction]))).toEqual(reacted.reactions.map((r) => [r.senderId, r.emoji]));
    const quoting = truth.find((m) => m.quotedId && !m.revoked)!;
    expect(byId.get(quoting.id)!.hasQuotedMsg).toBe(true);
    expect((await byId.get(quoting.id)!.getQuotedMessage()).id._serialized).toBe(quoting.quotedId);
    const loc = truth.find((m) => m.location && !m.revoked)!;
    expect(byId.get(loc.id)!.location).toMatchObject({ latitude: loc.location!.lat, longitude: loc.location!.lng });
    const vcard = truth.find((m) => m.vcards.length && !m.revoked)!;
    expect(byId.get(vcard.id)!.vCards).toEqual(vcard.vcards);
    const fwd = truth.find((m) => m.forwarded && !m.revoked)!;
    expect(byId.get(fwd.id)!.isForwarded).toBe(true);
    // a media message's body is a thumbnail in WhatsApp; whatsapp-web.js shows the caption
    const image = msgs.find((m) => m.type === 'image')!;
    expect(image.body).toBe(world.phone.message(image.id._serialized).caption ?? '');
  });
});

describe('live traffic', () => {
  it('emits message, ack, edit, revoke (everyone and me), reaction and group events', async () => {
    let phone!: Phone;
    let buyer = '';
    let groupId = '';
    let other = '';
    const r = await linked((p) => {
      phone = p;
      buyer = p.addContact({ name: 'Buyer', pushname: 'B' }).id;
      other = p.addContact({ name: 'Other' }).id;
      p.addDirectChat(buyer);
      groupId = p.addGroup({ subject: 'Team', participants: [{ id: buyer }] }).id;
    });
    const { client } = r;
    const got = nextEvent<[WMessage]>(client, 'message');
    const m1 = phone.deliver(buyer, { from: buyer, body: 'hello <b>there</b> https://example.org' });
    const [msg] = await got;
    expect(msg.id._serialized).toBe(m1.id);
    expect(msg.body).toBe('hello <b>there</b> https://example.org');
    expect(msg.links[0]?.link).toBe('https://example.org');

    const mine = phone.deliver(buyer, { fromMe: true, body: 'sent from the phone' });
    const ack = nextEvent<[WMessage, number]>(client, 'message_ack', (m) => m.id._serialized === mine.id);
    phone.ack(mine.id, 3);
    expect((await ack)[1]).toBe(3);

    const edit = nextEvent<[WMessage, string, string]>(client, 'message_edit');
    phone.edit(m1.id, 'hello again');
    const [edited, newBody, prevBody] = await edit;
    expect([edited.id._serialized, newBody, prevBody]).toEqual([m1.id, 'hello again', 'hello <b>there</b> https://example.org']);

    const revoke = nextEvent<[WMessage, WMessage | undefined]>(client, 'message_revoke_everyone');
    phone.revoke(m1.id);
    const [revoked] = await revoke;
    expect(revoked.type).toBe('revoked');
    expect((revoked as unknown as { protocolMessageKey: { _serialized: string } }).protocolMessageKey._serialized).toBe(m1.id);

    const gone = phone.deliver(buyer, { from: buyer, body: 'delete me' });
    await nextEvent(client, 'message', (m: WMessage) => m.id._serialized === gone.id);
    const me = nextEvent<[WMessage]>(client, 'message_revoke_me');
    phone.deleteForMe(gone.id);
    expect((await me)[0].id._serialized).toBe(gone.id);

    const react = nextEvent<[WReaction]>(client, 'message_reaction');
    phone.react(mine.id, buyer, '🔥');
    const [reaction] = await react;
    expect([reaction.msgId._serialized, reaction.senderId, reaction.reaction]).toEqual([mine.id, buyer, '🔥']);

    const join = nextEvent<[WGroupNotification]>(client, 'group_join');
    phone.join(groupId, [other], phone.me.pn);
    expect((await join)[0].recipientIds.map((x) => (typeof x === 'string' ? x : (x as { _serialized: string })._serialized))).toEqual([other]);
    const promote = nextEvent<[WGroupNotification]>(client, 'group_admin_changed');
    phone.setRole(groupId, [other], 'admin');
    expect((await promote)[0].type).toBe('promote');
    const subject = nextEvent<[WGroupNotification]>(client, 'group_update');
    phone.setSubject(groupId, 'Team 2025');
    expect((await subject)[0]).toMatchObject({ type: 'subject', body: 'Team 2025' });
    const leave = nextEvent<[WGroupNotification]>(client, 'group_leave');
    phone.leave(groupId, [other]);
    expect((await leave)[0].type).toBe('leave');
    const group = (await client.getChatById(groupId)) as WGroupChat;
    expect(group.name).toBe('Team 2025');
    expect(group.participants.map((p) => p.id._serialized)).not.toContain(other);
  });

  it('queues messages while offline and delivers them after reconnect', async () => {
    let phone!: Phone;
    let buyer = '';
    const { client, deviceId } = await linked((p) => {
      phone = p;
      buyer = p.addContact({ name: 'Buyer' }).id;
      p.addDirectChat(buyer);
    });
    const states = collect<[string]>(client, 'change_state');
    sim.setOnline(deviceId, false);
    await waitFor(() => states.some(([s]) => s === 'TIMEOUT'), 'TIMEOUT state');
    const sent = [1, 2, 3].map((i) => phone.deliver(buyer, { from: buyer, body: `while offline ${i}` }).id);
    expect(sim.queued(deviceId)).toBe(3);
    const got = collect<[WMessage]>(client, 'message');
    sim.setOnline(deviceId, true);
    await waitFor(() => got.length === 3, 'queued messages');
    expect(got.map(([m]) => m.id._serialized)).toEqual(sent);
    expect(states.at(-1)?.[0]).toBe('CONNECTED');
    // the page acknowledges after whatsapp-web.js has its events: the queue empties then, not before
    await waitFor(() => sim.queued(deviceId) === 0, 'the device to acknowledge the queued messages');
  });
});

describe('account loss', () => {
  it('logout from the phone disconnects the page and shows a new QR', async () => {
    const { phone, client, deviceId, page } = await linked();
    const disc = nextEvent<[string]>(client, 'disconnected');
    sim.logoutDevice(deviceId);
    expect(['UNPAIRED', 'LOGOUT']).toContain((await disc)[0]);
    await waitFor(() => sim.pendingQrs().some((q) => q.url.includes('post_logout=1')), 'a fresh QR after logout');
    expect(sim.devicesOf(phone.id)).toEqual([]);
    await waitFor(() => shownQrRef(page), 'QR on the page');
  });

  it('a ban shows TOS_BLOCK, then logs the device out; a banned phone cannot link again', async () => {
    const { phone, client } = await linked();
    const disc = nextEvent<[string]>(client, 'disconnected');
    sim.ban(phone.id);
    expect((await disc)[0]).toBe('TOS_BLOCK');
    const qr = await waitFor(() => sim.pendingQrs().find((q) => q.url.includes('post_logout=1')), 'QR after ban');
    expect(() => sim.scan(phone.id, qr.ref)).toThrow(/banned/);
  });

  it('conflict: another window takes over; takeover() reclaims the session', async () => {
    const { client, deviceId, page } = await linked();
    const disc = nextEvent<[string]>(client, 'disconnected');
    sim.conflict(deviceId);
    expect((await disc)[0]).toBe('CONFLICT');
    await takeover(page);
    await waitFor(async () => (await socketState(page)) === 'CONNECTED', 'CONNECTED after takeover');
  });
});

describe('page extras', () => {
  it('keeps IndexedDB model-storage/chat unread counts, and the composer never sends', async () => {
    let phone!: Phone;
    let buyer = '';
    const { client, page } = await linked((p) => {
      phone = p;
      buyer = p.addContact({ name: 'Buyer' }).id;
      p.addDirectChat(buyer);
      p.setChatState(buyer, { muteExpiration: -1 });
    });
    phone.deliver(buyer, { from: buyer, body: 'one' });
    phone.deliver(buyer, { from: buyer, body: 'two' });
    const row = await waitFor(async () => (await readChatStore(page)).find((r) => r.id === buyer && r.unreadCount === 2), 'unread count in IndexedDB');
    expect(row).toMatchObject({ muteExpiration: -1, isAutoMuted: false, archive: false });

    const before = phone.chat(buyer).messages.length;
    await openChatInPage(page, buyer);
    const box = await page.$(COMPOSER);
    await box!.type('Hola, ¿qué tal? 你好');
    await page.keyboard.press('Enter');
    expect(await page.$eval(COMPOSER, (el) => el.textContent)).toBe('Hola, ¿qué tal? 你好');
    expect(phone.chat(buyer).messages.length).toBe(before);
    expect(client.info.wid._serialized).toBe(phone.me.pn);
  });

  it('syncHistory asks the phone for history it did not sync to the device', async () => {
    let phone!: Phone;
    let buyer = '';
    const { client } = await linked((p) => {
      phone = p;
      buyer = p.addContact({ name: 'Buyer' }).id;
      p.addDirectChat(buyer);
      p.addHistory(buyer, Array.from({ length: 40 }, (_, i) => ({ from: buyer, body: `old ${i}`, t: 1_700_000_000 + i })));
      p.limitHistory(5);
    });
    const chat = await client.getChatById(buyer);
    expect(await chat.fetchMessages({ limit: 1000 })).toHaveLength(5);
    expect(await client.syncHistory(buyer)).toBe(true);
    expect(await chat.fetchMessages({ limit: 1000 })).toHaveLength(40);
    expect(await client.syncHistory(buyer)).toBe(false);
    expect(phone.chat(buyer).historyFloor).toBe(0);
  });
});
