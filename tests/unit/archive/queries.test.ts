import { describe, expect, it } from 'vitest';
import type { ArchiveOpInput } from '../../../src/core/archive/operations';
import { ACCOUNT, account, msg, tempArchive } from '../../helpers/archive';

const CHAT = '34600000001@c.us';
const T0 = 1_700_000_000_000;

function history(n: number, chatId = CHAT): ArchiveOpInput[] {
  return Array.from({ length: n }, (_, i) => msg({ id: `h${i}`, chatId, body: `line ${i}`, timestamp: T0 + i * 1000 }));
}

describe('thread paging', () => {
  it('pages back and forth by cursor and opens around a message', async () => {
    const { archive } = await tempArchive();
    await archive.write([account(), ...history(250)]);
    const newest = await archive.query('thread', { accountId: ACCOUNT, chatId: CHAT, limit: 100 });
    expect(newest.total).toBe(250);
    expect(newest.messages.map((m) => m.waId).at(0)).toBe('h150');
    expect(newest.messages.map((m) => m.waId).at(-1)).toBe('h249');
    expect(newest.hasOlder).toBe(true);
    expect(newest.hasNewer).toBe(false);
    const older = await archive.query('thread', { accountId: ACCOUNT, chatId: CHAT, before: newest.messages[0]!.sortKey, limit: 100 });
    expect(older.messages.map((m) => m.waId)).toEqual(Array.from({ length: 100 }, (_, i) => `h${50 + i}`));
    const oldest = await archive.query('thread', { accountId: ACCOUNT, chatId: CHAT, before: older.messages[0]!.sortKey, limit: 100 });
    expect(oldest.messages).toHaveLength(50);
    expect(oldest.hasOlder).toBe(false);
    const forward = await archive.query('thread', { accountId: ACCOUNT, chatId: CHAT, after: oldest.messages.at(-1)!.sortKey, limit: 10 });
    expect(forward.messages.map((m) => m.waId)).toEqual(Array.from({ length: 10 }, (_, i) => `h${50 + i}`));
    expect(forward.hasNewer).toBe(true);
    const around = await archive.query('thread', { accountId: ACCOUNT, chatId: CHAT, around: 'h7', limit: 11 });
    expect(around.messages[around.anchorIndex!]!.waId).toBe('h7');
    expect(around.messages.map((m) => m.waId)).toEqual(['h2', 'h3', 'h4', 'h5', 'h6', 'h7', 'h8', 'h9', 'h10', 'h11', 'h12']);
    expect(around.hasOlder).toBe(true);
    expect(around.hasNewer).toBe(true);
  });

  it('an unknown chat or anchor gives an empty page or the newest page, never an error', async () => {
    const { archive } = await tempArchive();
    await archive.write([account(), ...history(3)]);
    expect((await archive.query('thread', { accountId: ACCOUNT, chatId: 'nobody@c.us' })).messages).toEqual([]);
    expect((await archive.query('thread', { accountId: ACCOUNT, chatId: CHAT, around: 'missing' })).messages).toHaveLength(3);
  });
});

describe('out-of-order capture converges to what happened', () => {
  it('ack, edit, revoke and reaction that arrive before their message', async () => {
    const { archive } = await tempArchive();
    await archive.write([account()]);
    await archive.write([
      { op: 'ack', accountId: ACCOUNT, messageId: 'm1', ack: 3 },
      { op: 'edit', accountId: ACCOUNT, messageId: 'm1', body: 'price is 12 USD', editedAt: T0 + 5000 },
      { op: 'reaction', accountId: ACCOUNT, messageId: 'm1', senderId: CHAT, emoji: '👍', at: T0 + 6000 },
      { op: 'revoke', accountId: ACCOUNT, messageId: 'm1', scope: 'everyone', at: T0 + 7000, by: null },
    ]);
    await archive.write([msg({ id: 'm1', fromMe: true, senderId: null, body: 'price is 10 USD', timestamp: T0, ack: 1 })]);
    const d = (await archive.query('messageDetail', { accountId: ACCOUNT, messageId: 'm1' }))!;
    expect(d.message).toMatchObject({ ack: 3, body: 'price is 10 USD', text: 'price is 12 USD', edited: true, revoked: 'everyone' });
    expect(d.revisions).toEqual([{ editedAt: T0 + 5000, body: 'price is 12 USD' }]);
    expect(d.message.reactions).toEqual([{ emoji: '👍', count: 1, senders: [CHAT] }]);
    // both the original and the edit stay searchable after the revoke
    expect((await archive.query('search', { query: '10 USD' })).hits).toHaveLength(1);
    expect((await archive.query('search', { query: '12 usd' })).hits).toHaveLength(1);
  });

  it('a revoked placeholder seen first, then the original from history: original kept, marked deleted', async () => {
    const { archive } = await tempArchive();
    await archive.write([account(), msg({ id: 'm2', type: 'revoked', body: null, timestamp: T0 })]);
    let d = (await archive.query('messageDetail', { accountId: ACCOUNT, messageId: 'm2' }))!;
    expect(d.message).toMatchObject({ revoked: 'everyone', body: null });
    await archive.write([msg({ id: 'm2', body: 'the original offer', timestamp: T0 })]);
    d = (await archive.query('messageDetail', { accountId: ACCOUNT, messageId: 'm2' }))!;
    expect(d.message).toMatchObject({ revoked: 'everyone', body: 'the original offer', type: 'chat' });
  });
});

describe('chat list and details', () => {
  it('lists chats across accounts newest first, with unread counts since last seen and filters', async () => {
    const { archive } = await tempArchive();
    await archive.write([
      { op: 'upsertPerson', personId: 'rep-li', name: '李雷', role: 'rep' },
      account('acc-1', 'Sales 1'), account('acc-2', 'Sales 2'),
      { op: 'patchAccount', accountId: 'acc-2', ownerId: 'rep-li' },
      { op: 'upsertChat', accountId: 'acc-2', chatId: 'grp@g.us', kind: 'group', name: '样品群', at: T0 },
    ], T0); // chats first seen at T0: only messages after first sight count as unread
    await archive.write([
      msg({ id: 'a', chatId: CHAT, timestamp: T0 + 1000 }, 'acc-1'),
      msg({ id: 'b', chatId: 'grp@g.us', timestamp: T0 + 2000, body: '新的询盘' }, 'acc-2'),
      msg({ id: 'c', chatId: 'grp@g.us', timestamp: T0 + 3000 }, 'acc-2'),
      msg({ id: 'd', chatId: 'grp@g.us', timestamp: T0 + 4000, fromMe: true, senderId: null }, 'acc-2'),
    ], T0);
    const all = await archive.query('chatList', {});
    expect(all.map((c) => [c.accountId, c.chatId, c.unread])).toEqual([['acc-2', 'grp@g.us', 2], ['acc-1', CHAT, 1]]);
    expect(all[0]).toMatchObject({ kind: 'group', name: '样品群', ownerName: '李雷', accountLabel: 'Sales 2' });
    expect(all[0]!.lastMessage).toMatchObject({ waId: 'd', fromMe: true });
    expect((await archive.query('chatList', { ownerIds: ['rep-li'] })).map((c) => c.chatId)).toEqual(['grp@g.us']);
    expect((await archive.query('chatList', { kinds: ['direct'] })).map((c) => c.chatId)).toEqual([CHAT]);
    await archive.write([{ op: 'markSeen', accountId: 'acc-2', chatId: 'grp@g.us', upTo: T0 + 3000 }]);
    expect((await archive.query('chatList', { unreadOnly: true })).map((c) => c.chatId)).toEqual([CHAT]);
  });

  it('a community with its groups, participants with roles, member activity', async () => {
    const { archive } = await tempArchive();
    const COMM = 'comm@g.us';
    await archive.write([
      account(),
      { op: 'upsertChat', accountId: ACCOUNT, chatId: COMM, kind: 'community', name: 'Buyers club', at: T0 },
      { op: 'upsertChat', accountId: ACCOUNT, chatId: 'ann@g.us', kind: 'community_announce', name: 'Announcements', parentId: COMM, at: T0 },
      { op: 'upsertChat', accountId: ACCOUNT, chatId: 'g1@g.us', kind: 'group', name: 'Spain', parentId: COMM, at: T0 },
      { op: 'upsertContact', accountId: ACCOUNT, contactId: 'p1@c.us', pushName: 'Ana', phone: '34611111111', at: T0 },
      { op: 'setParticipants', accountId: ACCOUNT, chatId: 'g1@g.us', at: T0, participants: [
        { contactId: 'p1@c.us', role: 'admin' }, { contactId: 'p2@c.us', role: 'member' }] },
      msg({ id: 'x1', chatId: 'g1@g.us', senderId: 'p1@c.us', timestamp: T0 + 10 }),
      msg({ id: 'x2', chatId: 'g1@g.us', senderId: 'p1@c.us', timestamp: T0 + 20 }),
      { op: 'participantEvent', accountId: ACCOUNT, chatId: 'g1@g.us', contactId: 'p2@c.us', event: 'leave', at: T0 + 30 },
    ]);
    const g = (await archive.query('chatDetail', { accountId: ACCOUNT, chatId: 'g1@g.us' }))!;
    expect(g.parent).toEqual({ chatId: COMM, name: 'Buyers club' });
    expect(g.communityGroups.map((c) => c.chatId)).toEqual(['ann@g.us', 'g1@g.us']);
    expect(g.participants.map((p) => [p.contactId, p.name, p.role, p.isMember, p.messages])).toEqual([
      ['p1@c.us', 'Ana', 'admin', true, 2], ['p2@c.us', null, 'member', false, 0]]);
    expect(g.participants[0]!.lastActive).toBe(T0 + 20);
    expect(g.events).toEqual([{ contactId: 'p2@c.us', event: 'leave', at: T0 + 30, by: null }]);
    const c = (await archive.query('contactDetail', { accountId: ACCOUNT, contactId: 'p1@c.us' }))!;
    expect(c).toMatchObject({ pushName: 'Ana', phone: '34611111111' });
    expect(c.groups).toEqual([{ chatId: 'g1@g.us', name: 'Spain', role: 'admin', isMember: true }]);
  });
});
