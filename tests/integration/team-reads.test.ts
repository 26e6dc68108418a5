import fc from 'fast-check';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchApplier } from '../../src/core/archive/apply/apply-batch';
import { generateKey } from '../../src/core/archive/key';
import { openDatabase, type Db } from '../../src/core/archive/open';
import { ArchiveBatch, type ArchiveOpInput } from '../../src/core/archive/operations';
import { groupActivity, teamActivity } from '../../src/core/archive/queries/analytics';
import { chatDetail, chatList } from '../../src/core/archive/queries/chats';
import { customerConflicts, customerDetail, customerList, customerTimeline } from '../../src/core/archive/queries/customers';
import { messageTranslations } from '../../src/core/archive/queries/translations';
import type { Sql } from '../../src/server/pg/db';
import { applyBatch } from '../../src/server/pg/pg-applier';
import { pgGroupActivity, pgTeamActivity } from '../../src/server/pg/read/analytics';
import { pgChatDetail, pgChatList } from '../../src/server/pg/read/chats';
import { pgCustomerConflicts, pgCustomerDetail, pgCustomerList, pgCustomerTimeline } from '../../src/server/pg/read/customers';
import { pgSearch } from '../../src/server/pg/read/search';
import { pgMessageTranslations } from '../../src/server/pg/read/translations';
import type { ChatListItem } from '../../src/shared/archive-views';
import { A, NOW, scenario } from '../helpers/op-streams';
import { startTestPg, truncateArchive, type TestPg } from '../helpers/pg';
import { tempDir } from '../helpers/temp';

/**
 * The team archive's chat list and chat details equal the desktop's for the same operations:
 * the console shows what the rep's own app shows.
 */

let pg: TestPg;
beforeAll(async () => {
  pg = await startTestPg();
});
afterAll(async () => {
  await pg?.stop();
});

const createAccount: ArchiveOpInput = { op: 'createAccount', accountId: A, label: 'A', partitionId: 'pa' };
/** Row ids are each engine's own; chats with the same last message time may come in either order. */
/** Row ids are each engine's own. */
const portableRows = (v: unknown) => JSON.parse(JSON.stringify(v, (k, x: unknown) => (k === 'rowId' ? undefined : x))) as unknown;
const portable = (items: ChatListItem[]) => items.map(({ chatRowId: _, ...rest }) => rest)
  .sort((a, b) => (b.lastMessage?.ts ?? 0) - (a.lastMessage?.ts ?? 0) || a.accountId.localeCompare(b.accountId) || a.chatId.localeCompare(b.chatId));

describe('the team archive lists chats and counts activity as the local archive does', () => {
  it('chat lists (all, by kind, unread only, paged), every chat\'s details, customers and team analytics are the same on both engines', async () => {
    const samples = fc.sample(scenario, { seed: 20261206, numRuns: 25 });
    let listed = 0;
    let details = 0;
    let activity = 0;
    let customers = 0;
    let translations = 0;
    let timeline = 0;
    let staged = 0;
    let groups = 0;
    for (const ops of samples) {
      const db: Db = openDatabase(path.join(tempDir(), 'c.db'), generateKey(), { create: true, migrate: true });
      try {
        const applier = new BatchApplier(db);
        applier.apply(ArchiveBatch.parse([createAccount]), NOW);
        applier.apply(ArchiveBatch.parse(ops), NOW);
        await truncateArchive(pg.pool);
        await applyBatch(pg.pool, ArchiveBatch.parse([createAccount]), { now: NOW });
        await applyBatch(pg.pool, ArchiveBatch.parse(ops), { now: NOW });
        const sql: Sql = async <R,>(text: string, values?: unknown[]) => (await pg.pool.query(text, values)).rows as R[];
        for (const args of [{}, { kinds: ['direct' as const] }, { kinds: ['group' as const] }, { unreadOnly: true }, { accountIds: [A], limit: 2 },
          { stages: ['quote' as const, 'sample' as const] }, { stages: ['lost' as const] }]) {
          const local = chatList(db, args);
          listed += local.length;
          if ('stages' in args) staged += local.length;
          const remote = await pgChatList(sql, args);
          expect(remote.map((c) => c.lastMessage?.ts ?? 0)).toEqual([...remote.map((c) => c.lastMessage?.ts ?? 0)].sort((a, b) => b - a));
          // a page cut between chats of equal time may take either of them; compare whole lists only
          if (args.limit === undefined) expect(portable(remote), JSON.stringify(args)).toEqual(portable(local));
          else expect(remote).toHaveLength(local.length);
        }
        const chats = db.prepare('SELECT account_id AS accountId, wa_id AS chatId FROM chats ORDER BY wa_id').all() as Array<{ accountId: string; chatId: string }>;
        const ids = (db.prepare('SELECT wa_id FROM messages').all() as Array<{ wa_id: string }>).map((r) => r.wa_id);
        for (const lang of ['zh', 'en']) {
          const local = messageTranslations(db, { accountId: A, messageIds: ids, lang });
          translations += local.length;
          const byId = (list: typeof local) => [...list].sort((x, y) => x.messageId.localeCompare(y.messageId));
          expect(byId(await pgMessageTranslations(sql, { accountId: A, messageIds: ids, lang })), lang).toEqual(byId(local));
        }
        for (const chat of chats) {
          details++;
          expect(await pgChatDetail(sql, chat), chat.chatId).toEqual(chatDetail(db, chat));
        }
        expect(await pgChatDetail(sql, { accountId: A, chatId: 'nobody@c.us' })).toBeNull();
        for (const args of [{}, { query: 'ana' }, { stage: 'quote' as const }, { tag: 'VIP' }, { accountId: A, conflictOnly: false }]) {
          const local = customerList(db, { ...args, now: NOW });
          customers += local.total;
          expect(await pgCustomerList(sql, { ...args, now: NOW }), JSON.stringify(args)).toEqual(local);
        }
        for (const days of [1, 30, 100_000]) {
          expect(await pgCustomerConflicts(sql, { now: NOW, days }), `conflicts ${days}`).toEqual(customerConflicts(db, { now: NOW, days }));
        }
        for (const customerId of [...customerList(db, { now: NOW }).items.map((c) => c.customerId), 'p:34600000002', 'c:nobody']) {
          expect(await pgCustomerDetail(sql, { customerId, now: NOW }), customerId).toEqual(customerDetail(db, { customerId, now: NOW }));
          // the customer's history, page by page
          let before: number | undefined;
          for (let page = 0; page < 5; page++) {
            const local = customerTimeline(db, { customerId, limit: 3, ...(before !== undefined ? { before } : {}) });
            timeline += local.items.length;
            expect(portableRows(await pgCustomerTimeline(sql, { customerId, limit: 3, ...(before !== undefined ? { before } : {}) })), `${customerId} ${page}`)
              .toEqual(portableRows(local));
            if (local.before === null) break;
            before = local.before;
          }
        }
        for (const args of [{ from: 0, to: NOW * 2, now: NOW * 2 }, { from: NOW - 3_600_000, to: NOW, now: NOW, unansweredHours: 0.25, tzOffsetMinutes: 480 }]) {
          const local = teamActivity(db, args);
          activity += local.accounts.reduce((n, a) => n + a.messagesIn + a.messagesOut, 0);
          expect(await pgTeamActivity(sql, args), JSON.stringify(args)).toEqual(local);
        }
        for (const chat of chats.filter((c) => !c.chatId.endsWith('@c.us'))) {
          for (const args of [{ from: NOW - 400 * 86_400_000, to: NOW + 86_400_000, bucket: 'week' as const }, { from: NOW - 30 * 86_400_000, to: NOW, bucket: 'day' as const, tzOffsetMinutes: 480 }]) {
            const local = await groupActivity(db, { ...chat, ...args });
            groups += local?.people.length ?? 0;
            expect(await pgGroupActivity(sql, { ...chat, ...args }), `${chat.chatId} ${args.bucket}`).toEqual(local);
          }
        }
      } finally {
        db.close();
      }
    }
    expect(listed).toBeGreaterThan(25);
    expect(groups).toBeGreaterThan(0);
    expect(details).toBeGreaterThan(25);
    expect(activity).toBeGreaterThan(25);
    expect(customers).toBeGreaterThan(25);
    expect(translations).toBeGreaterThan(10);
    expect(timeline).toBeGreaterThan(25);
    expect(staged).toBeGreaterThan(2);
  });

  it('search pages through messages of two accounts that share a sort key (a group both are in) without losing or repeating one', async () => {
    await truncateArchive(pg.pool);
    const GROUP = '120363000000000001@g.us';
    const ops: ArchiveOpInput[] = [];
    for (const acc of ['8613800000101@c.us', '8613800000102@c.us']) {
      ops.push({ op: 'createAccount', accountId: acc, label: acc, partitionId: acc });
      // the same group message, seen by both accounts: same id, same time, so the same sort key
      for (const [id, t] of [['G1', 1_700_000_000_000], ['G2', 1_700_000_000_000], ['G3', 1_700_000_050_000]] as const) {
        ops.push({ op: 'upsertMessage', accountId: acc, message: { id: `false_${GROUP}_${id}_34600000009@c.us`, chatId: GROUP,
          senderId: '34600000009@c.us', fromMe: false, type: 'chat', body: `zapato ${id}`, timestamp: t } });
      }
    }
    await applyBatch(pg.pool, ArchiveBatch.parse(ops), { now: NOW });
    const sql: Sql = async <R,>(text: string, values?: unknown[]) => (await pg.pool.query(text, values)).rows as R[];
    for (const limit of [1, 2, 3, 5]) {
      const seen: string[] = [];
      let before: number | undefined;
      for (let pages = 0; pages < 10; pages++) {
        const r = await pgSearch(sql, { query: 'zapato', limit, ...(before !== undefined ? { before } : {}) });
        seen.push(...r.hits.map((h) => `${h.message.accountId}:${h.message.waId}`));
        if (r.next === null) break;
        before = r.next;
      }
      expect(seen.sort(), `limit ${limit}`).toEqual(ops.filter((o) => o.op === 'upsertMessage')
        .map((o) => `${o.accountId}:${(o as Extract<ArchiveOpInput, { op: 'upsertMessage' }>).message.id}`).sort());
    }
  });

  it('search returns the newest matches whether a word is common lately, rare, or common only in older messages', async () => {
    await truncateArchive(pg.pool);
    const ACC = '8613800000201@c.us';
    const N = 6500;
    const words = (i: number) => ['alpha', ...(i < 5 ? ['beta'] : []), ...(i < 3400 ? ['gamma'] : [])].join(' ');
    const ops: ArchiveOpInput[] = [{ op: 'createAccount', accountId: ACC, label: 'Big', partitionId: 'pb' }];
    for (let i = 0; i < N; i++) {
      ops.push({ op: 'upsertMessage', accountId: ACC, message: { id: `m${i}`, chatId: `3460000${String(i % 40).padStart(4, '0')}@c.us`,
        senderId: null, fromMe: true, type: 'chat', body: `${words(i)} ${i}`, timestamp: 1_700_000_000_000 + i * 1000 } });
    }
    await applyBatch(pg.pool, ArchiveBatch.parse(ops), { now: NOW });
    const sql: Sql = async <R,>(text: string, values?: unknown[]) => (await pg.pool.query(text, values)).rows as R[];
    const newest = (has: (i: number) => boolean, n: number) => Array.from({ length: N }, (_, i) => N - 1 - i).filter(has).slice(0, n).map((i) => `m${i}`);
    for (const [word, has] of [['alpha', () => true], ['beta', (i: number) => i < 5], ['gamma', (i: number) => i < 3400]] as const) {
      const first = await pgSearch(sql, { query: word, limit: 50 });
      expect(first.hits.map((h) => h.message.waId), word).toEqual(newest(has, 50));
      const second = await pgSearch(sql, { query: word, limit: 50, before: first.next ?? 0 });
      expect(first.next === null ? [] : second.hits.map((h) => h.message.waId), word).toEqual(newest(has, 100).slice(50));
    }
  });
});
