import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateKey } from '../../../src/core/archive/key';
import { openDatabase } from '../../../src/core/archive/open';
import { ACTIVITY_SCAN_SQL } from '../../../src/core/archive/queries/analytics';
import { tempArchive } from '../../helpers/archive';
import { tempDir } from '../../helpers/temp';
import { ANA, BEN, GROUP, seedWorld, T0 } from './world';

const MIN = 60_000;
const CHEN = '8613800000003@c.us';

describe('team analytics', () => {
  it('per account and per rep: messages in and out, first-response times, unanswered and waiting chats, messages per day', async () => {
    const { archive } = await tempArchive();
    await seedWorld(archive);
    // Ana writes twice in a row to acc-1 the next day; the turn starts at her first message
    await archive.write([
      { op: 'upsertMessage', accountId: 'acc-1', message: { id: 'a1', chatId: ANA, senderId: ANA, fromMe: false, type: 'chat', body: 'hello?', timestamp: T0 + 1440 * MIN } },
      { op: 'upsertMessage', accountId: 'acc-1', message: { id: 'a2', chatId: ANA, senderId: ANA, fromMe: false, type: 'chat', body: 'anyone?', timestamp: T0 + 1450 * MIN } },
      { op: 'upsertMessage', accountId: 'acc-1', message: { id: 'a3', chatId: ANA, senderId: null, fromMe: true, type: 'chat', body: 'sorry!', timestamp: T0 + 1470 * MIN } },
    ]);
    const now = T0 + 30 * 3600_000;
    const r = await archive.query('teamActivity', { from: T0 - 3600_000, to: now, now, unansweredHours: 4, tzOffsetMinutes: 480 });
    const acc = Object.fromEntries(r.accounts.map((a) => [a.accountId, a]));
    expect(acc['acc-1']).toMatchObject({ ownerName: 'Alice', messagesIn: 5, messagesOut: 2, answered: 2, unanswered: 1, waitingChats: 1,
      avgMs: 20 * MIN, medianMs: 10 * MIN, p90Ms: 30 * MIN });
    expect(acc['acc-2']).toMatchObject({ ownerName: 'Bob', messagesIn: 1, messagesOut: 1, answered: 1, unanswered: 0, medianMs: 15 * MIN });
    expect(acc['acc-3']).toMatchObject({ messagesIn: 1, messagesOut: 0, answered: 0, unanswered: 1, avgMs: null, waitingChats: 1 });
    const alice = r.reps.find((p) => p.ownerId === 'rep-a')!;
    expect(alice).toMatchObject({ accountIds: ['acc-1', 'acc-3'], messagesIn: 6, messagesOut: 2, answered: 2, unanswered: 2, waitingChats: 2 });
    expect(r.waiting.map((w) => [w.accountId, w.name, w.waitingSince])).toEqual([
      ['acc-1', 'Chen', T0 + 5 * MIN], ['acc-3', 'Ben', T0 + 30 * MIN],
    ]);
    // days in UTC+8: T0 is 2024-05-01 16:00 there; T0 + 24h is 2024-05-02
    expect(r.daily.filter((d) => d.accountId === 'acc-1')).toEqual([
      { day: '2024-05-01', accountId: 'acc-1', in: 3, out: 1 }, { day: '2024-05-02', accountId: 'acc-1', in: 2, out: 1 },
    ]);
    // nothing waits when the threshold is long
    expect((await archive.query('teamActivity', { from: T0, to: now, now, unansweredHours: 48 })).waiting).toEqual([]);
  });

  it('per group and community: members, admins, messages per member per week, silent members, last active', async () => {
    const { archive } = await tempArchive();
    await seedWorld(archive);
    const week = 7 * 86_400_000;
    const COMMUNITY = '120363000000000100@g.us';
    const ANNOUNCE = '120363000000000101@g.us';
    await archive.write([
      { op: 'patchAccount', accountId: 'acc-1', meId: '8613900000001@c.us' },
      { op: 'upsertChat', accountId: 'acc-1', chatId: COMMUNITY, kind: 'community', name: 'Buyers club', at: T0 },
      { op: 'upsertChat', accountId: 'acc-1', chatId: GROUP, kind: 'group', name: 'Buyers 2024', parentId: COMMUNITY, at: T0 + 1 },
      { op: 'upsertChat', accountId: 'acc-1', chatId: ANNOUNCE, kind: 'community_announce', name: 'News', parentId: COMMUNITY, at: T0 },
      { op: 'setParticipants', accountId: 'acc-1', chatId: GROUP, at: T0, participants: [
        { contactId: ANA, role: 'admin' }, { contactId: BEN, role: 'member' }, { contactId: CHEN, role: 'member' },
        { contactId: '8613900000001@c.us', role: 'superadmin' }] },
      { op: 'setParticipants', accountId: 'acc-1', chatId: ANNOUNCE, at: T0, participants: [{ contactId: BEN, role: 'member' }] },
      { op: 'upsertMessage', accountId: 'acc-1', message: { id: 'g2', chatId: GROUP, senderId: BEN, fromMe: false, type: 'chat', body: 'week two', timestamp: T0 + week } },
      { op: 'upsertMessage', accountId: 'acc-1', message: { id: 'g3', chatId: ANNOUNCE, senderId: null, fromMe: true, type: 'chat', body: 'news!', timestamp: T0 + week + 1 } },
    ]);
    const g = await archive.query('groupActivity', { accountId: 'acc-1', chatId: GROUP, from: T0 - 86_400_000, to: T0 + week + 86_400_000, bucket: 'week' });
    expect(g).toMatchObject({ kind: 'group', members: 4, admins: 2, silent: 2, messagesPerBucket: [1, 1] });
    expect(g!.buckets).toEqual([Date.UTC(2024, 3, 29), Date.UTC(2024, 4, 6)]); // Mondays
    expect(g!.people.slice(0, 2).map((p) => [p.name, p.messages, p.perBucket, p.lastActive])).toEqual([
      ['Ana', 1, [1, 0], T0 + 7 * MIN], [null, 1, [0, 1], T0 + week], // Ben is not among acc-1's contacts
    ]);
    const c = await archive.query('groupActivity', { accountId: 'acc-1', chatId: COMMUNITY, from: T0, to: T0 + week + 86_400_000, bucket: 'day' });
    expect(c).toMatchObject({ kind: 'community', chatIds: [COMMUNITY, GROUP, ANNOUNCE].sort(), members: 4 });
    expect(c!.people.find((p) => p.contactId === '8613900000001@c.us')).toMatchObject({ messages: 1, role: 'superadmin' });
    expect(await archive.query('groupActivity', { accountId: 'acc-1', chatId: 'nope@g.us', from: 0, to: 1 })).toBeNull();
  });

  it('scans each chat through the covering thread index', () => {
    const db = openDatabase(path.join(tempDir(), 'a.db'), generateKey(), { create: true, migrate: true });
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${ACTIVITY_SCAN_SQL}`).all(1, 0, 1) as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(plan).toMatch(/USING COVERING INDEX messages_thread/);
    db.close();
  });
});
