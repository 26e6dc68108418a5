import fc from 'fast-check';
import type { ArchiveOpInput } from '../../src/core/archive/operations';
import { textHash } from '../../src/core/archive/queries/translations';

/**
 * Random operation streams for convergence tests: every way capture may learn about a few
 * messages, chats, contacts and groups, all consistent with one truth, and deliveries of
 * them that permute, duplicate and re-batch. Shared by the local archive's property test
 * and the cross-engine (SQLite vs PostgreSQL) test, so both prove the same thing.
 */

export const A = 'acc-1';
const DIRECT = '34600000001@c.us';
const GROUP = '120363000000000001@g.us';
const PEOPLE = ['34600000001@c.us', '34600000002@c.us', '34600000003@c.us', '111111111111111@lid'];
export const NOW = 1_800_000_000_000;

export const word = fc.constantFrom('hola', 'precio', '报价', '样品', 'price', 'envío', 'PI', 'FOB');
const text = fc.array(word, { minLength: 1, maxLength: 3 }).map((w) => w.join(' '));
const ts = fc.integer({ min: 1_700_000_000_000, max: 1_700_000_100_000 });

const messageSpec = fc.record({
  n: fc.nat(5),
  chat: fc.constantFrom(DIRECT, GROUP),
  sender: fc.constantFrom(...PEOPLE),
  fromMe: fc.boolean(),
  body: text,
  ts,
  edits: fc.uniqueArray(fc.record({ at: ts, body: text }), { maxLength: 2, selector: (e) => e.at }),
  hasMedia: fc.boolean(),
});
type MessageSpec = typeof messageSpec extends fc.Arbitrary<infer T> ? T : never;

/** Every way capture may learn about one message, all consistent with one truth. */
function opsFor(m: MessageSpec): fc.Arbitrary<ArchiveOpInput[]> {
  const id = `${m.fromMe}_${m.chat}_M${m.n}`;
  const base = {
    id, chatId: m.chat, senderId: m.fromMe ? null : m.sender, fromMe: m.fromMe, timestamp: m.ts, hasMedia: m.hasMedia,
    type: m.hasMedia ? 'document' : 'chat',
  };
  const views: ArchiveOpInput[] = [
    { op: 'upsertMessage', accountId: A, message: { ...base, body: m.body, raw: JSON.stringify({ v: 'plain', id }) } },
    ...m.edits.map((e): ArchiveOpInput => ({
      op: 'upsertMessage', accountId: A, message: { ...base, body: e.body, editedAt: e.at, raw: JSON.stringify({ v: e.at }) },
    })),
    { op: 'upsertMessage', accountId: A, message: { ...base, type: 'revoked', body: null } },
    ...m.edits.map((e): ArchiveOpInput => ({ op: 'edit', accountId: A, messageId: id, body: e.body, editedAt: e.at })),
  ];
  return fc.tuple(
    fc.subarray(views, { minLength: 1 }),
    fc.array(fc.record({ ack: fc.integer({ min: -1, max: 4 }) }), { maxLength: 2 }),
    fc.array(fc.record({ scope: fc.constantFrom('everyone', 'me'), at: ts, by: fc.option(fc.constantFrom(...PEOPLE)) }), { maxLength: 2 }),
    fc.array(fc.record({ sender: fc.constantFrom(...PEOPLE), emoji: fc.constantFrom('👍', '❤️', ''), at: ts }), { maxLength: 3 }),
    fc.array(fc.record({
      status: fc.constantFrom('pending', 'failed', 'expired', 'too_large', 'stored'),
      detail: fc.option(fc.constantFrom('404', 'timeout')),
      filename: fc.option(fc.constantFrom('quote.pdf', '../../etc/passwd', '报价单.xlsx')),
    }), { maxLength: m.hasMedia ? 3 : 0 }),
    // translations stored on a PC: of the original or of an edit (then stale once a newer text exists)
    fc.uniqueArray(fc.record({ lang: fc.constantFrom('zh', 'en'), at: ts, of: fc.constantFrom(m.body, ...m.edits.map((e) => e.body)) }),
      { selector: (t) => t.lang, maxLength: 2 }),
  ).map(([v, acks, revokes, reactions, media, translations]) => [
    ...v,
    ...translations.map((t): ArchiveOpInput => ({ op: 'translation', accountId: A, messageId: id, lang: t.lang, text: `[${t.lang}] ${t.of}`,
      srcLang: 'es', provider: 'apertium', sourceHash: textHash(t.of), at: t.at })),
    ...acks.map((a): ArchiveOpInput => ({ op: 'ack', accountId: A, messageId: id, ack: a.ack })),
    ...revokes.map((r): ArchiveOpInput => ({ op: 'revoke', accountId: A, messageId: id, scope: r.scope as 'everyone' | 'me', at: r.at, by: r.by })),
    ...reactions.map((r): ArchiveOpInput => ({ op: 'reaction', accountId: A, messageId: id, senderId: r.sender, emoji: r.emoji, at: r.at })),
    ...media.map((md): ArchiveOpInput => ({
      op: 'media', accountId: A, messageId: id, status: md.status as 'stored',
      sha256: md.status === 'stored' ? 'ab'.repeat(32) : null, size: md.status === 'stored' ? 1234 : null,
      mime: 'application/pdf', filename: md.filename, detail: md.detail,
    })),
  ]);
}

const members = fc.uniqueArray(
  fc.record({ contactId: fc.constantFrom(...PEOPLE), role: fc.constantFrom('member', 'admin', 'superadmin') }),
  { selector: (p) => p.contactId, maxLength: 4 },
);

/** CRM edits as reps make them on any PC: fields, stage, tags, notes, a follow-up, a manual link and a merge. */
const CUSTOMER = 'p:34600000001';
const crmOps: fc.Arbitrary<ArchiveOpInput[]> = fc.record({
  fields: fc.uniqueArray(fc.record({ at: ts, name: fc.option(fc.constantFrom('Ana', 'Ana García', '王总')),
    company: fc.option(fc.constantFrom('Textiles SL', '义乌小商品')), stage: fc.option(fc.constantFrom('inquiry', 'quote', 'sample', 'order', 'lost')),
    by: fc.option(fc.constantFrom('rep-a', 'rep-b')) }), { selector: (f) => f.at, maxLength: 3 }),
  tags: fc.uniqueArray(fc.record({ tag: fc.constantFrom('VIP', 'FOB'), present: fc.boolean(), at: ts }), { selector: (t) => `${t.tag}${t.at}`, maxLength: 3 }),
  notes: fc.uniqueArray(fc.record({ id: fc.constantFrom('n-1', 'n-2'), body: text, at: ts }), { selector: (n) => n.id, maxLength: 2 }),
  followUp: fc.option(fc.record({ at: ts, text, due: ts, done: fc.option(fc.record({ at: ts, done: fc.boolean() })) })),
  link: fc.option(fc.record({ customer: fc.option(fc.constantFrom('c:split-1')), at: ts })),
  merge: fc.option(fc.record({ into: fc.option(fc.constantFrom(CUSTOMER)), at: ts })),
}).map((c) => [
  ...c.fields.map((f): ArchiveOpInput => ({ op: 'customer', customerId: CUSTOMER, at: f.at, by: f.by,
    ...(f.name !== null ? { name: f.name } : {}), ...(f.company !== null ? { company: f.company } : {}), ...(f.stage !== null ? { stage: f.stage as 'quote' } : {}) })),
  ...c.tags.map((t): ArchiveOpInput => ({ op: 'customerTag', customerId: CUSTOMER, tag: t.tag, present: t.present, at: t.at })),
  ...c.notes.map((n): ArchiveOpInput => ({ op: 'customerNote', noteId: n.id, customerId: CUSTOMER, authorId: 'rep-a', body: n.body, at: n.at })),
  ...(c.followUp ? [
    { op: 'followUp', followUpId: 'f-1', customerId: CUSTOMER, at: c.followUp.at, by: 'rep-a',
      details: { text: c.followUp.text, dueAt: c.followUp.due, assigneeId: 'rep-a' } } satisfies ArchiveOpInput,
    ...(c.followUp.done ? [{ op: 'followUp', followUpId: 'f-1', customerId: CUSTOMER, at: c.followUp.done.at, by: 'rep-b',
      done: c.followUp.done.done } satisfies ArchiveOpInput] : []),
  ] : []),
  ...(c.link ? [{ op: 'customerLink', accountId: A, contactId: DIRECT, customerId: c.link.customer, at: c.link.at } satisfies ArchiveOpInput] : []),
  ...(c.merge ? [{ op: 'customerMerge', fromId: 'p:34600000002', intoId: c.merge.into, at: c.merge.at } satisfies ArchiveOpInput] : []),
]);

const otherOps: fc.Arbitrary<ArchiveOpInput[]> = fc.tuple(
  fc.array(fc.record({ chat: fc.constantFrom(DIRECT, GROUP), name: fc.option(fc.constantFrom('Buyers', 'Ana', '样品群')), at: ts,
    kind: fc.constantFrom('group', 'community'), archived: fc.boolean() }), { maxLength: 3 }),
  fc.array(fc.record({ contact: fc.constantFrom(...PEOPLE), push: fc.option(fc.constantFrom('Ana', 'Bo', '王')),
    saved: fc.option(fc.constantFrom('Ana (Madrid)', '王总')), lid: fc.option(fc.constantFrom('111111111111111@lid')), at: ts }), { maxLength: 4 }),
  fc.array(fc.record({ at: ts, members }), { maxLength: 3 }),
  fc.array(fc.record({ contact: fc.constantFrom(...PEOPLE), event: fc.constantFrom('join', 'leave', 'promote', 'demote'), at: ts,
    by: fc.option(fc.constantFrom(...PEOPLE)) }), { maxLength: 3 }),
  fc.array(fc.record({ chat: fc.constantFrom(DIRECT, GROUP), oldest: fc.option(ts), newest: fc.option(ts), complete: fc.boolean() }), { maxLength: 2 }),
  fc.array(fc.record({ chat: fc.constantFrom(DIRECT, GROUP), from: ts, reason: fc.constantFrom('offline', 'history limit') }), { maxLength: 2 }),
  fc.array(fc.record({ chat: fc.constantFrom(DIRECT, GROUP), upTo: ts }), { maxLength: 2 }),
  fc.array(fc.record({ chat: fc.constantFrom(DIRECT, GROUP), from: ts, span: fc.constantFrom(500, 1000, 5000), source: fc.constantFrom('device', 'import') }),
    { maxLength: 2 }),
).map(([chats, contacts, lists, events, syncs, gaps, seen, fills]) => [
  ...chats.map((c): ArchiveOpInput => ({ op: 'upsertChat', accountId: A, chatId: c.chat, kind: c.chat === DIRECT ? 'direct' : c.kind as 'group',
    name: c.name, at: c.at, archived: c.archived })),
  ...contacts.map((c): ArchiveOpInput => ({ op: 'upsertContact', accountId: A, contactId: c.contact, pushName: c.push, savedName: c.saved,
    lid: c.lid, at: c.at })),
  ...lists.map((l): ArchiveOpInput => ({ op: 'setParticipants', accountId: A, chatId: GROUP, at: l.at,
    participants: l.members as Array<{ contactId: string; role: 'member' }> })),
  ...events.map((e): ArchiveOpInput => ({ op: 'participantEvent', accountId: A, chatId: GROUP, contactId: e.contact,
    event: e.event as 'join', at: e.at, by: e.by })),
  ...syncs.map((x): ArchiveOpInput => ({ op: 'syncState', accountId: A, chatId: x.chat, oldestTs: x.oldest, newestTs: x.newest, complete: x.complete })),
  ...gaps.map((g): ArchiveOpInput => ({ op: 'gap', accountId: A, chatId: g.chat, fromTs: g.from, toTs: g.from + 1000, reason: g.reason })),
  ...seen.map((x): ArchiveOpInput => ({ op: 'markSeen', accountId: A, chatId: x.chat, upTo: x.upTo })),
  ...fills.map((f): ArchiveOpInput => ({ op: 'historyFilled', accountId: A, chatId: f.chat, fromTs: f.from, toTs: f.from + f.span,
    source: f.source as 'device' })),
]);

export const scenario = fc.tuple(fc.uniqueArray(messageSpec, { selector: (m) => `${m.fromMe}${m.chat}${m.n}`, maxLength: 5 }), otherOps, crmOps)
  .chain(([specs, rest, crm]) => fc.tuple(...specs.map(opsFor)).map((perMessage) => [...perMessage.flat(), ...rest, ...crm]));

/** Permutes, duplicates and cuts a list of operations into batches. */
export const delivery = (ops: ArchiveOpInput[]) => fc.tuple(
  fc.array(fc.double({ noNaN: true }), { minLength: ops.length, maxLength: ops.length }),
  fc.array(fc.nat(Math.max(ops.length - 1, 0)), { maxLength: ops.length }),
  fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 20 }),
).map(([keys, dupes, sizes]) => {
  const shuffled = ops.map((op, i) => ({ op, k: keys[i] ?? 0 })).sort((a, b) => a.k - b.k).map((x) => x.op);
  const all = [...shuffled, ...dupes.flatMap((i) => (ops[i] ? [ops[i]] : []))];
  const batches: ArchiveOpInput[][] = [];
  for (let i = 0, s = 0; i < all.length; s++) {
    const size = sizes[s % sizes.length] ?? 1;
    batches.push(all.slice(i, i + size));
    i += size;
  }
  return batches;
});

