import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../../src/core/archive/archive';
import type { SearchArgs } from '../../../src/core/archive/queries/search';
import { account, msg, tempArchive } from '../../helpers/archive';

const T0 = Date.UTC(2024, 0, 1);
const DAY = 86_400_000;
let archive: Archive;

const corpus: Array<[id: string, account: string, chat: string, sender: string, body: string, day: number]> = [
  ['zh1', 'acc-1', 'wang@c.us', 'wang@c.us', '您好，我们的报价单已经发给您了', 0],
  ['zh2', 'acc-1', 'wang@c.us', 'wang@c.us', '样品什么时候寄出？', 1],
  ['zh3', 'acc-2', 'grp@g.us', 'li@c.us', '报价有效期三十天，样品免费', 2],
  ['es1', 'acc-1', 'ana@c.us', 'ana@c.us', 'El PRECIO incluye envío a Valencia', 3],
  ['es2', 'acc-2', 'ana2@c.us', 'ana2@c.us', 'Necesitamos una acción rápida sobre el precio', 4],
  ['pt1', 'acc-1', 'joao@c.us', 'joao@c.us', 'O preço não inclui frete, só a cotação', 5],
  ['en1', 'acc-2', 'bob@c.us', 'bob@c.us', 'Please send the Proforma Invoice (PI) today', 6],
  ['ph1', 'acc-1', 'ana@c.us', 'ana@c.us', 'Call me at +34 612 345 678 after 5pm', 7],
  ['ph2', 'acc-2', 'bob@c.us', 'bob@c.us', 'My number: 0086-138-0013-8000', 8],
  ['mix', 'acc-1', 'wang@c.us', 'wang@c.us', 'FOB价格 USD12.5/pc, MOQ 500', 9],
];

beforeAll(async () => {
  ({ archive } = await tempArchive('file'));
  await archive.write([account('acc-1'), account('acc-2'),
    { op: 'upsertChat', accountId: 'acc-2', chatId: 'grp@g.us', kind: 'group', name: '样品群', at: T0 }]);
  await archive.write(corpus.map(([id, acc, chat, sender, body, day]) =>
    msg({ id, chatId: chat, senderId: sender, body, timestamp: T0 + day * DAY }, acc)));
});

const ids = async (args: SearchArgs) => (await archive.query('search', args)).hits.map((h) => h.message.waId);

describe('search', () => {
  it('finds Chinese 2-character words and longer phrases, newest first', async () => {
    expect(await ids({ query: '报价' })).toEqual(['zh3', 'zh1']);
    expect(await ids({ query: '样品' })).toEqual(['zh3', 'zh2']);
    expect(await ids({ query: '报价单' })).toEqual(['zh1']);
    expect(await ids({ query: '价格' })).toEqual(['mix']);
    expect(await ids({ query: '报价 样品' })).toEqual(['zh3']);
  });

  it('folds case and diacritics in Spanish, Portuguese and English', async () => {
    expect(await ids({ query: 'precio' })).toEqual(['es2', 'es1']);
    expect(await ids({ query: 'PRECIO' })).toEqual(['es2', 'es1']);
    expect(await ids({ query: 'accion' })).toEqual(['es2']);
    expect(await ids({ query: 'acción' })).toEqual(['es2']);
    expect(await ids({ query: 'envio' })).toEqual(['es1']);
    expect(await ids({ query: 'preco nao' })).toEqual(['pt1']);
    expect(await ids({ query: 'cotacao' })).toEqual(['pt1']);
    expect(await ids({ query: 'proforma invoice' })).toEqual(['en1']);
    expect(await ids({ query: 'prof' })).toEqual(['en1']); // prefix
  });

  it('finds phone numbers however they are typed, and by prefix', async () => {
    for (const q of ['+34 612 345 678', '34612345678', '612345678', '612 345 678', '0034612345678', '61234']) {
      expect(await ids({ query: q }), q).toEqual(['ph1']);
    }
    for (const q of ['008613800138000', '13800138000', '138-0013-8000', '1380013']) {
      expect(await ids({ query: q }), q).toEqual(['ph2']);
    }
  });

  it('filters by account, chat, sender, chat kind and date range', async () => {
    expect(await ids({ query: '报价', accountIds: ['acc-1'] })).toEqual(['zh1']);
    expect(await ids({ query: '样品', chat: { accountId: 'acc-1', chatId: 'wang@c.us' } })).toEqual(['zh2']);
    expect(await ids({ query: 'precio', senderId: 'ana@c.us' })).toEqual(['es1']);
    expect(await ids({ query: '报价', kinds: ['group'] })).toEqual(['zh3']);
    expect(await ids({ query: '报价', kinds: ['direct'] })).toEqual(['zh1']);
    expect(await ids({ query: '样品', from: T0 + 2 * DAY, to: T0 + 2 * DAY })).toEqual(['zh3']);
    expect(await ids({ query: '样品', to: T0 + DAY + 1 })).toEqual(['zh2']);
    expect(await ids({ query: '样品', chat: { accountId: 'acc-1', chatId: 'nobody@c.us' } })).toEqual([]);
  });

  it('returns snippets with highlight ranges on the matched words', async () => {
    const [hit] = (await archive.query('search', { query: 'envio' })).hits;
    expect(hit!.snippet).toBe('El PRECIO incluye envío a Valencia');
    expect(hit!.ranges.map(([a, b]) => hit!.snippet.slice(a, b))).toEqual(['envío']);
    const [zh] = (await archive.query('search', { query: '报价单' })).hits;
    expect(zh!.snippet).toBe('您好，我们的报价单已经发给您了'); // shown as written, full-width comma kept
    expect(zh!.ranges.map(([a, b]) => zh!.snippet.slice(a, b))).toEqual(['报价单']);
    expect(zh!.chatName).toBeNull();
    const [grp] = (await archive.query('search', { query: '有效期' })).hits;
    expect(grp).toMatchObject({ chatName: '样品群', chatKind: 'group' });
  });

  it('finds a message through its translation and shows the translation as the snippet', async () => {
    await archive.write([{ op: 'translation', accountId: 'acc-1', messageId: 'es1', lang: 'en', provider: 'apertium', at: T0,
      text: 'The PRICE includes shipping to Valencia', sourceHash: 'a'.repeat(64) }]);
    const [hit, ...rest] = (await archive.query('search', { query: 'shipping' })).hits;
    expect(rest).toEqual([]);
    expect(hit).toMatchObject({ via: 'translation', snippet: 'The PRICE includes shipping to Valencia' });
    expect(hit!.message.waId).toBe('es1');
    expect(hit!.ranges.map(([a, b]) => hit!.snippet.slice(a, b))).toEqual(['shipping']);
    const [direct] = (await archive.query('search', { query: 'Valencia' })).hits;
    expect(direct).toMatchObject({ via: 'message', snippet: 'El PRECIO incluye envío a Valencia' });
  });

  it('pages with a cursor without repeating or skipping', async () => {
    const first = await archive.query('search', { query: '报价 OR 样品 precio', limit: 1 });
    expect(first.hits).toHaveLength(0); // terms are ANDed, OR is a word
    const page1 = await archive.query('search', { query: '样品', limit: 1 });
    const page2 = await archive.query('search', { query: '样品', limit: 1, before: page1.next! });
    expect([...page1.hits, ...page2.hits].map((h) => h.message.waId)).toEqual(['zh3', 'zh2']);
    expect(page2.next).toBeNull();
  });

  it('never throws on whatever a user types', async () => {
    const hostile = ['"', '""', '*', 'AND', 'OR NOT', '-', '(', ')', 'NEAR(a b)', 'text:precio', 'meta:a_1', '^precio', 'precio"*',
      '\u0000', '\ud800', '😀', ' ', '', 'a'.repeat(10_000), '报'.repeat(5000), '{', '[', '\\', "'; DROP TABLE messages; --"];
    const precio = await ids({ query: 'precio' });
    expect(precio.length).toBeGreaterThan(0);
    for (const q of hostile) {
      const label = JSON.stringify(q).slice(0, 40);
      const result = await archive.query('search', { query: q });
      // Query syntax is searched as words or ignored as punctuation, never parsed: what
      // contains the word precio finds exactly what precio finds, the rest finds nothing here.
      const expected = /precio/i.test(q) && !q.includes('text:') && !q.includes('meta:') ? precio : [];
      expect(result.hits.map((h) => h.message.waId), label).toEqual(expected);
      expect(result.next, label).toBeNull();
    }
    // user input can never reach the filter tokens in the meta column
    expect(await ids({ query: 'meta:a_1' })).toEqual([]);
    await fc.assert(fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 60 }), async (q) => {
      await archive.query('search', { query: q });
    }), { numRuns: 200 });
    expect((await archive.query('stats')).messages).toBe(corpus.length);
  });
});
