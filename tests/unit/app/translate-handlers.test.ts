import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Core, createCore } from '../../../src/core/app';
import type { Archive } from '../../../src/core/archive/archive';
import { staticKeyProvider } from '../../../src/core/archive/key';
import { profilePaths } from '../../../src/core/archive/profile';
import type { EventName, EventPayload } from '../../../src/shared/contract';
import { ACCOUNT, account, msg, tempArchive } from '../../helpers/archive';
import { type ApertiumServer, startApertium, waitFor } from '../../helpers/translate-apertium';
import { closedPortUrl } from '../../helpers/translate-http';

/** The translation channels of the Core facade, on a real archive and a real Apertium (spa↔eng). */

const BUYER = '34600000001@c.us';
const GROUP = '120363000000000001@g.us';
const SPANISH = ['¿Cuál es el precio de los zapatos?', 'Necesitamos quinientas unidades.', 'El pago ya fue realizado.'];

let apertium: ApertiumServer;
beforeAll(async () => {
  apertium = await startApertium();
});
afterAll(async () => {
  await apertium?.stop();
});

async function core(): Promise<{ core: Core; archive: Archive; file: string }> {
  const { archive, dir, key, file } = await tempArchive();
  await archive.write([
    account(),
    { op: 'upsertChat', accountId: ACCOUNT, chatId: BUYER, kind: 'direct', name: 'María' },
    { op: 'upsertChat', accountId: ACCOUNT, chatId: GROUP, kind: 'group', name: 'Compras' },
    ...SPANISH.map((body, i) => msg({ id: `ES-${i}`, chatId: BUYER, senderId: BUYER, body })),
    msg({ id: 'ME-0', chatId: BUYER, fromMe: true, senderId: null, body: 'Claro, le envío la cotización hoy.' }),
  ]);
  // Settings are last-writer-wins by time: a clock that never repeats keeps quick successive changes in order.
  let clock = Date.now();
  const c = await createCore({ archive, paths: profilePaths(dir), supervisor: null, keys: staticKeyProvider(key), version: 't', now: () => clock++ });
  await c.call('translate.configureProvider', { settings: { id: 'apertium', baseUrl: apertium.url } });
  return { core: c, archive, file };
}

function collect<E extends EventName>(c: Core, event: E): Array<EventPayload<E>> {
  const out: Array<EventPayload<E>> = [];
  c.on(event, (p) => out.push(p));
  return out;
}

describe('Core translation channels', () => {
  it('lists every provider, takes keys in and never gives them out, and checks health', async () => {
    const { core: c, file } = await core();
    const list = await c.call('translate.providers', {});
    expect(list.map((p) => p.id)).toEqual(['apertium', 'libretranslate', 'deepl', 'google', 'azure', 'openai']);
    expect(list[0]).toMatchObject({ id: 'apertium', baseUrl: apertium.url, enabled: true, configured: true, hasKey: false });
    expect(list.find((p) => p.id === 'deepl')).toMatchObject({ configured: false, enabled: false, hasKey: false });

    const after = await c.call('translate.configureProvider', { settings: { id: 'deepl', enabled: false, priority: 20 }, apiKey: 'dl-SECRET-KEY:fx' });
    expect(after.find((p) => p.id === 'deepl')).toMatchObject({ configured: true, enabled: false, priority: 20, hasKey: true });
    // a patch keeps what it does not name: the key, and apertium's URL
    await c.call('translate.configureProvider', { settings: { id: 'deepl', priority: 30 } });
    await c.call('translate.configureProvider', { settings: { id: 'apertium', priority: 1 } });
    const now = await c.call('translate.providers', {});
    expect(now.find((p) => p.id === 'deepl')).toMatchObject({ priority: 30, hasKey: true });
    expect(now.find((p) => p.id === 'apertium')).toMatchObject({ priority: 1, baseUrl: apertium.url });
    const status = await c.call('translate.providerStatus', {});
    for (const out of [now, status, await c.call('settings.get', {})]) expect(JSON.stringify(out)).not.toContain('SECRET');
    expect(readFileSync(file).includes(Buffer.from('dl-SECRET-KEY'))).toBe(false);

    expect(await c.call('translate.providerStatus', { id: 'apertium' })).toEqual([
      expect.objectContaining({ id: 'apertium', offline: true, health: expect.objectContaining({ ok: true }) })]);
    await c.call('translate.configureProvider', { settings: { id: 'libretranslate', baseUrl: await closedPortUrl() } });
    const [libre] = await c.call('translate.providerStatus', { id: 'libretranslate' });
    expect(libre!.health).toMatchObject({ ok: false, error: { code: 'UNREACHABLE' } });

    // bad input: a clear error, nothing changed
    const before = await c.call('translate.providers', {});
    expect(await c.handle('translate.configureProvider', { settings: { id: 'apertium', baseUrl: 'ftp://x' } }))
      .toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await c.handle('translate.configureProvider', { settings: { id: 'apertium' }, key: 'x' }))
      .toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await c.call('translate.providers', {})).toEqual(before);
    await c.close();
  });

  it('keeps the glossary and the default target language; refuses bad language tags', async () => {
    const { core: c } = await core();
    expect(await c.call('translate.defaults', {})).toEqual({ targetLang: 'zh' });
    expect(await c.call('translate.setDefaults', { targetLang: 'en' })).toEqual({ targetLang: 'en' });
    expect(await c.handle('translate.setDefaults', { targetLang: 'english!' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const g = await c.call('translate.setGlossary', { entries: [{ kind: 'keep', term: 'FOB' }, { kind: 'term', terms: { en: 'unit price', es: 'precio unitario' } }] });
    expect(g.entries).toEqual([{ kind: 'keep', term: 'FOB', caseSensitive: false }, { kind: 'term', terms: { en: 'unit price', es: 'precio unitario' }, caseSensitive: false }]);
    expect(await c.call('translate.glossary', {})).toEqual(g);
    expect(await c.handle('translate.setGlossary', { entries: [{ kind: 'term', terms: { 'not a tag': 'x' } }] }))
      .toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    await c.close();
  });

  it('sets per-chat and per-contact preferences and the contact language, and says so', async () => {
    const { core: c } = await core();
    const changed = collect(c, 'translate.prefsChanged');
    expect(await c.call('translate.prefs', { accountId: ACCOUNT, chatId: BUYER })).toMatchObject({
      chat: { autoTranslate: null, targetLang: null }, contact: { autoTranslate: null }, effective: { autoTranslate: false, targetLang: 'zh' },
    });
    await c.call('translate.setPrefs', { accountId: ACCOUNT, chatId: BUYER, scope: 'contact', autoTranslate: true });
    const p = await c.call('translate.setPrefs', { accountId: ACCOUNT, chatId: BUYER, scope: 'chat', targetLang: 'en' });
    expect(p).toMatchObject({ chat: { autoTranslate: null, targetLang: 'en' }, contact: { autoTranslate: true }, effective: { autoTranslate: true, targetLang: 'en' } });
    const lang = await c.call('translate.setContactLanguage', { accountId: ACCOUNT, chatId: BUYER, language: 'es' });
    expect(lang.contactLanguage).toMatchObject({ language: 'es', source: 'user', override: 'es' });
    const detected = await c.call('translate.setContactLanguage', { accountId: ACCOUNT, chatId: BUYER, language: null });
    expect(detected.contactLanguage).toMatchObject({ override: null });
    expect((await c.call('translate.detectLanguage', { accountId: ACCOUNT, chatId: BUYER })).contactLanguage)
      .toMatchObject({ language: 'es', source: 'detected' });
    expect(changed).toHaveLength(5);
    // a group has no contact: a clear error, nothing written
    expect(await c.handle('translate.setPrefs', { accountId: ACCOUNT, chatId: GROUP, scope: 'contact', autoTranslate: true }))
      .toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect((await c.call('translate.prefs', { accountId: ACCOUNT, chatId: GROUP })).contact).toBeNull();
    await c.close();
  });

  it('translates a page on demand, stores and announces it, finds it by search, and marks it stale after an edit', async () => {
    const { core: c, archive } = await core();
    const updated = collect(c, 'translate.updated');
    const ids = SPANISH.map((_, i) => `ES-${i}`);
    const r = await c.call('translate.messages', { accountId: ACCOUNT, chatId: BUYER, messageIds: [...ids, 'NOPE'], to: 'en' });
    expect(r).toEqual({ translated: ids, failures: [] });
    expect(updated).toEqual([{ accountId: ACCOUNT, lang: 'en', messageIds: ids }]);
    const stored = await c.call('translate.stored', { accountId: ACCOUNT, messageIds: ids, lang: 'en' });
    expect(stored.find((t) => t.messageId === 'ES-0')).toMatchObject({ text: expect.stringMatching(/price of the shoes/i), srcLang: 'es', provider: 'apertium', stale: false });

    const hits = (await c.call('search.query', { query: 'price' })).hits;
    expect(hits.map((h) => [h.message.waId, h.via])).toEqual([['ES-0', 'translation']]);

    await archive.write([{ op: 'edit', accountId: ACCOUNT, messageId: 'ES-1', body: 'Necesitamos seiscientas unidades.', editedAt: 1_800_000_000_000 }]);
    const again = await c.call('translate.stored', { accountId: ACCOUNT, messageIds: ['ES-0', 'ES-1'], lang: 'en' });
    expect(again.map((t) => [t.messageId, t.stale])).toEqual(expect.arrayContaining([['ES-0', false], ['ES-1', true]]));
    await c.close();
  });

  it('reports failures per chat with the reason, keeps originals, and clears them when a retry works', async () => {
    const { core: c } = await core();
    const status = collect(c, 'translate.status');
    await c.call('translate.configureProvider', { settings: { id: 'apertium', baseUrl: await closedPortUrl() } });
    const r = await c.call('translate.messages', { accountId: ACCOUNT, chatId: BUYER, messageIds: ['ES-0', 'ES-2'], to: 'en' });
    expect(r.translated).toEqual([]);
    expect(r.failures.map((f) => [f.messageId, f.lang, f.error.code])).toEqual([['ES-0', 'en', 'UNREACHABLE'], ['ES-2', 'en', 'UNREACHABLE']]);
    expect((await c.call('translate.chatStatus', { accountId: ACCOUNT, chatId: BUYER })).failures).toHaveLength(2);
    expect(status.at(-1)).toMatchObject({ accountId: ACCOUNT, chatId: BUYER, failures: [{ messageId: 'ES-0' }, { messageId: 'ES-2' }] });
    expect(await c.call('translate.stored', { accountId: ACCOUNT, messageIds: ['ES-0', 'ES-2'], lang: 'en' })).toEqual([]);
    expect((await c.call('archive.message', { accountId: ACCOUNT, messageId: 'ES-0' }))?.message.text).toBe(SPANISH[0]);

    await c.call('translate.configureProvider', { settings: { id: 'apertium', baseUrl: apertium.url } });
    const retry = await c.call('translate.messages', { accountId: ACCOUNT, chatId: BUYER, messageIds: ['ES-0'], to: 'en' });
    expect(retry).toEqual({ translated: ['ES-0'], failures: [] });
    expect((await c.call('translate.chatStatus', { accountId: ACCOUNT, chatId: BUYER })).failures.map((f) => f.messageId)).toEqual(['ES-2']);
    expect(status.at(-1)?.failures.map((f) => f.messageId)).toEqual(['ES-2']);
    await c.close();
  });

  it('composes: translation into the buyer\'s language and back; an unsupported pair says so', async () => {
    const { core: c } = await core();
    const r = await c.call('translate.compose', { text: 'What is the price of the shoes?', to: 'es' });
    expect(r.translation).toMatchObject({ ok: true, from: 'en', to: 'es', provider: 'apertium', text: expect.stringMatching(/precio de los zapatos/) });
    expect(r.back).toMatchObject({ ok: true, from: 'es', to: 'en', text: expect.stringMatching(/price of the shoes/) });
    const zh = await c.call('translate.compose', { text: '请问鞋子的价格是多少？', to: 'es' });
    expect(zh).toMatchObject({ translation: { ok: false, error: { code: 'UNSUPPORTED_PAIR' } }, back: null });
    expect(await c.handle('translate.compose', { text: '   ', to: 'es' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    await c.close();
  });

  it('translates history in the background with progress to done, and cancel stops it with nothing half-written', async () => {
    const { core: c, archive } = await core();
    const chat = '34600000002@c.us';
    await archive.write([{ op: 'upsertChat', accountId: ACCOUNT, chatId: chat, kind: 'direct', name: 'Javi' },
      ...Array.from({ length: 30 }, (_, i) => msg({ id: `H-${i}`, chatId: chat, senderId: chat, body: `Necesitamos ${i + 2} cajas de zapatos.` }))]);
    const progress = collect(c, 'translate.history');
    // warm the provider's language list, so a frozen server hangs the translation itself
    await c.call('translate.compose', { text: 'Hello, friend.', to: 'es' });

    apertium.pause();
    let job: Awaited<ReturnType<typeof c.call<'translate.historyStart'>>>;
    try {
      job = await c.call('translate.historyStart', { accountId: ACCOUNT, chatId: chat, to: 'en' });
      expect(job).toMatchObject({ state: 'running', accountId: ACCOUNT, chatId: chat, to: 'en' });
      await waitFor(() => progress.some((p) => p.jobId === job.jobId && p.total === 30), 'the job to count its messages');
      expect((await c.call('translate.historyJobs', {})).map((j) => j.jobId)).toEqual([job.jobId]);
      await c.call('translate.historyCancel', { jobId: job.jobId });
      await waitFor(() => progress.some((p) => p.jobId === job.jobId && p.state !== 'running'), 'the job to stop');
    } finally {
      apertium.resume();
    }
    expect(progress.filter((p) => p.jobId === job.jobId).at(-1)).toMatchObject({ state: 'cancelled', translated: 0 });
    const ids = Array.from({ length: 30 }, (_, i) => `H-${i}`);
    expect(await c.call('translate.stored', { accountId: ACCOUNT, messageIds: ids, lang: 'en' })).toEqual([]);
    expect(await c.handle('translate.historyCancel', { jobId: job.jobId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    const again = await c.call('translate.historyStart', { accountId: ACCOUNT, chatId: chat, to: 'en' });
    await waitFor(() => progress.some((p) => p.jobId === again.jobId && p.state === 'done'), 'the job to finish', 60_000);
    expect(progress.filter((p) => p.jobId === again.jobId).at(-1)).toMatchObject({ state: 'done', total: 30, translated: 30, failed: 0 });
    expect(await c.call('translate.stored', { accountId: ACCOUNT, messageIds: ids, lang: 'en' })).toHaveLength(30);
    await c.close();
  });

  it('refuses to type into WhatsApp without a live page or in review mode', async () => {
    const { core: c } = await core();
    expect(await c.call('translate.insert', { accountId: ACCOUNT, chatId: BUYER, text: 'Hola' })).toEqual({ ok: false, reason: 'NOT_LIVE', adapter: null, detail: null });
    const { layout } = await c.call('layout.get', {});
    await c.call('layout.set', { ...layout, review: true });
    expect(await c.call('translate.insert', { accountId: ACCOUNT, chatId: BUYER, text: 'Hola' })).toMatchObject({ ok: false, reason: 'REVIEW_MODE' });
    await c.close();
  });
});
