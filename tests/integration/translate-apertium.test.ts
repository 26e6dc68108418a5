import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../src/core/archive/archive';
import { staticKeyProvider } from '../../src/core/archive/key';
import { ApertiumProvider } from '../../src/core/translate/providers/apertium';
import type { HistoryProgress } from '../../src/core/translate/history';
import { TranslationService } from '../../src/core/translate/service';
import { ACCOUNT, account, msg, tempArchive } from '../helpers/archive';
import { type ApertiumServer, startApertium } from '../helpers/translate-apertium';

/** fetch that counts requests per path, so tests can prove batching and cache hits. */
function countingFetch() {
  const calls: string[] = [];
  const f: typeof fetch = (input, init) => {
    calls.push(new URL(String(input)).pathname);
    return fetch(input, init);
  };
  return { fetch: f, calls, translateCalls: () => calls.filter((c) => c === '/translate').length };
}

const SPANISH = [
  'Hola amigo', '¿Cuál es el precio?', 'Necesito 500 unidades', 'El contenedor de 40 pies', 'Muy caro', 'Gracias',
  'Buenos días', 'La entrega es en marzo', 'Pago por transferencia', 'Me puede enviar el catálogo', 'Los zapatos rojos son baratos',
  'Quiero el precio FOB', 'la casa', 'grande', 'Saludos',
];

let apy: ApertiumServer;
let archive: Archive;
let key: Buffer;

beforeAll(async () => {
  apy = await startApertium();
  ({ archive, key } = await tempArchive('file'));
});
afterAll(async () => {
  await apy?.stop();
});

async function service(extra: Partial<ConstructorParameters<typeof TranslationService>[0]> = {}) {
  const s = new TranslationService({ archive, keys: staticKeyProvider(key), ...extra });
  await s.configureProvider({ id: 'apertium', baseUrl: apy.url });
  return s;
}

describe('Apertium provider against apertium-apy (spa↔eng)', () => {
  it('lists its pairs, reports healthy, and translates both ways', async () => {
    const p = new ApertiumProvider({ baseUrl: apy.url });
    const langs = await p.languages();
    expect(langs.pairs).toEqual(expect.arrayContaining([{ from: 'es', to: 'en' }, { from: 'en', to: 'es' }]));
    expect((await p.health()).ok).toBe(true);
    const [es] = await p.translate(['¿Cuál es el precio?'], 'es', 'en');
    expect(es).toMatchObject({ ok: true });
    expect(es!.ok && es!.text.toLowerCase()).toContain('price');
    const [en] = await p.translate(['What is the price?'], 'en', 'es');
    expect(en!.ok && en!.text.toLowerCase()).toContain('precio');
  });

  it('batches many short messages into one request, with the same result as one request each', async () => {
    const c = countingFetch();
    const p = new ApertiumProvider({ baseUrl: apy.url }, { fetch: c.fetch });
    const batched = await p.translate(SPANISH, 'es', 'en');
    expect(c.translateCalls()).toBe(1);
    const single = [];
    for (const t of SPANISH) single.push((await p.translate([t], 'es', 'en'))[0]);
    expect(batched.map((r) => r.ok && r.text)).toEqual(single.map((r) => r!.ok && r!.text));
    expect(batched.every((r) => r.ok && r.text.length > 0)).toBe(true);
  });

  it('keeps paragraphs, line breaks and surrounding whitespace; leaves "<" and "&" alone', async () => {
    const p = new ApertiumProvider({ baseUrl: apy.url });
    const [r] = await p.translate(['Hola amigo.\n\n¿Cuál es el precio?\nGracias\n'], 'es', 'en');
    expect(r!.ok).toBe(true);
    const text = r!.ok ? r!.text : '';
    expect(text.split('\n\n')).toHaveLength(2);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.split('\n\n')[1]).toContain('\n');
    const [sym] = await p.translate(['precio < 5 & > 2'], 'es', 'en');
    expect(sym!.ok && sym!.text).toContain('< 5 & > 2');
  });

  it('an unsupported pair is a per-text error and the original stays in the result', async () => {
    const s = await service();
    const [r] = await s.translate({ texts: ['Hola amigo'], from: 'es', to: 'zh' });
    expect(r).toMatchObject({ ok: false, source: 'Hola amigo', error: { code: 'UNSUPPORTED_PAIR' } });
  });

  it('detects the source language; a text too short to tell uses the contact hint, else says so', async () => {
    const s = await service();
    const [auto] = await s.translate({ texts: ['Necesito quinientas unidades del modelo nuevo'], to: 'en' });
    expect(auto).toMatchObject({ ok: true, from: 'es', provider: 'apertium' });
    const [hinted] = await s.translate({ texts: ['gracias'], to: 'en', sourceHint: 'es' });
    expect(hinted).toMatchObject({ ok: true, from: 'es' });
    const [unknown] = await s.translate({ texts: ['ok 👍'], to: 'en' });
    expect(unknown).toMatchObject({ ok: false, source: 'ok 👍', error: { code: 'UNKNOWN_SOURCE_LANGUAGE' } });
    const [same] = await s.translate({ texts: ['Please send the invoice today'], to: 'en' });
    expect(same).toMatchObject({ ok: true, skipped: 'same_language', text: 'Please send the invoice today', provider: null });
  });

  it('serves repeats from the archive cache without asking the server', async () => {
    const c = countingFetch();
    const s = await service({ fetch: c.fetch });
    const texts = ['El precio unitario es alto', 'La muestra llega mañana'];
    const first = await s.translate({ texts, from: 'es', to: 'en' });
    const before = c.translateCalls();
    expect(before).toBeGreaterThan(0);
    expect(first.map((r) => r.ok && !r.cached)).toEqual([true, true]);
    const again = await s.translate({ texts, from: 'es', to: 'en' });
    expect(c.translateCalls()).toBe(before);
    expect(again.map((r) => r.ok && r.cached)).toEqual([true, true]);
    expect(again.map((r) => r.ok && r.text)).toEqual(first.map((r) => r.ok && r.text));
  });

  it('applies the team glossary through placeholders', async () => {
    const s = await service();
    await s.setGlossary({ entries: [
      { kind: 'keep', term: 'FOB' },
      { kind: 'term', terms: { es: 'silla X200', en: 'X200 chair', zh: 'X200椅子' } },
    ] });
    const [r] = await s.translate({ texts: ['Quiero la silla X200 a precio FOB'], from: 'es', to: 'en' });
    expect(r).toMatchObject({ ok: true, glossaryApplied: true });
    expect(r!.ok && r!.text).toContain('X200 chair');
    expect(r!.ok && r!.text).toContain('FOB');
    await s.setGlossary({ entries: [] });
  });

  it('stores message translations and finds a Spanish "precio" message by searching "price"', async () => {
    const s = await service();
    const chatId = '34611111111@c.us';
    await archive.write([account(), msg({ id: 'ES-PRICE', chatId, senderId: chatId, body: '¿Cuál es el precio del contenedor?' })]);
    expect((await archive.query('search', { query: 'price' })).hits.map((h) => h.message.waId)).not.toContain('ES-PRICE');
    const [r] = await s.translateMessages({ accountId: ACCOUNT, messages: [{ id: 'ES-PRICE', text: '¿Cuál es el precio del contenedor?' }], to: 'en' });
    expect(r!.ok).toBe(true);
    const hits = (await archive.query('search', { query: 'price' })).hits.map((h) => h.message.waId);
    expect(hits).toContain('ES-PRICE');
    const [t] = await s.messageTranslations(ACCOUNT, ['ES-PRICE'], 'en');
    expect(t).toMatchObject({ messageId: 'ES-PRICE', lang: 'en', provider: 'apertium', srcLang: 'es', stale: false });
    expect(t!.text.toLowerCase()).toContain('price');
    // an edit makes the stored translation visibly stale
    await archive.write([{ op: 'edit', accountId: ACCOUNT, messageId: 'ES-PRICE', body: '¿Y el precio del envío?', editedAt: 1_800_000_000_000 }]);
    const [stale] = await s.messageTranslations(ACCOUNT, ['ES-PRICE'], 'en');
    expect(stale!.stale).toBe(true);
  });

  it('translates a chat history in the background with progress, then nothing is left', async () => {
    const s = await service();
    const chatId = '34622222222@c.us';
    await archive.write([account(), ...SPANISH.concat(SPANISH).map((body, i) => msg({ id: `H-${i}`, chatId, senderId: chatId, body }))]);
    const job = s.translateHistory({ accountId: ACCOUNT, chatId, to: 'en', pageSize: 10 });
    const seen: HistoryProgress[] = [];
    job.on('progress', (p) => seen.push(p));
    const end = await job.done;
    expect(end).toMatchObject({ state: 'done', total: 30, translated: 30, failed: 0 });
    expect(seen.filter((p) => p.state === 'running' && p.translated > 0).length).toBeGreaterThanOrEqual(3);
    expect(await archive.query('translationProgress', { accountId: ACCOUNT, chatId, lang: 'en' })).toMatchObject({ remaining: 0, translatable: 30 });
    const shown = await s.messageTranslations(ACCOUNT, ['H-0', 'H-1'], 'en');
    expect(shown.map((t) => t.messageId).sort()).toEqual(['H-0', 'H-1']);
  });

  it('a history job can be cancelled; what was committed stays, the rest is untouched', async () => {
    const s = await service({ limits: { apertium: { concurrency: 1, maxItems: 5 } } });
    const chatId = '34633333333@c.us';
    await archive.write([account(), ...Array.from({ length: 60 }, (_, i) => msg({ id: `C-${i}`, chatId, senderId: chatId, body: `${SPANISH[i % SPANISH.length]} número ${i}` }))]);
    const job = s.translateHistory({ accountId: ACCOUNT, chatId, to: 'en', pageSize: 10 });
    job.on('progress', (p) => { if (p.translated > 0) job.cancel(); });
    const end = await job.done;
    expect(end.state).toBe('cancelled');
    const p = await archive.query('translationProgress', { accountId: ACCOUNT, chatId, lang: 'en' });
    expect(p.translated).toBe(end.translated);
    expect(p.remaining).toBe(60 - end.translated);
  });
});

describe('Apertium server going down in the middle of a history job', () => {
  it('stops with UNREACHABLE, keeps only complete translations, and a rerun finishes the job', async () => {
    const own = await startApertium();
    let stopping: Promise<void> | null = null;
    // Requests issued after the stop began wait for it: the server is really gone when they arrive.
    const gated: typeof fetch = async (input, init) => {
      if (stopping) await stopping;
      return fetch(input, init);
    };
    const s = new TranslationService({ archive, keys: staticKeyProvider(key), fetch: gated, limits: { apertium: { concurrency: 1, maxItems: 4 } } });
    await s.configureProvider({ id: 'apertium', baseUrl: own.url });
    const chatId = '34644444444@c.us';
    const bodies = Array.from({ length: 80 }, (_, i) => `${SPANISH[i % SPANISH.length]}, pedido ${i}`);
    await archive.write([account(), ...bodies.map((body, i) => msg({ id: `D-${i}`, chatId, senderId: chatId, body }))]);
    const job = s.translateHistory({ accountId: ACCOUNT, chatId, to: 'en', from: 'es', pageSize: 20 });
    job.on('progress', (p) => { if (p.translated > 0 && !stopping) stopping = own.stop(); });
    const end = await job.done;
    await stopping;
    expect(end.state).toBe('failed');
    expect(end.error).toMatchObject({ code: 'UNREACHABLE', provider: 'apertium' });
    expect(end.error!.message).toMatch(/Cannot reach apertium/);
    expect(end.translated).toBeGreaterThan(0);
    expect(end.translated).toBeLessThan(80);

    const ids = bodies.map((_, i) => `D-${i}`);
    const stored = await s.messageTranslations(ACCOUNT, ids, 'en');
    expect(stored).toHaveLength(end.translated);
    // every stored translation is whole: exactly what the server makes of that message
    const back = await startApertium(own.port);
    try {
      const fresh = new ApertiumProvider({ baseUrl: back.url });
      const byId = new Map(bodies.map((b, i) => [`D-${i}`, b]));
      const expected = await fresh.translate(stored.map((t) => byId.get(t.messageId)!), 'es', 'en');
      expect(stored.map((t) => t.text)).toEqual(expected.map((r) => r.ok && r.text));

      const rerun = await s.translateHistory({ accountId: ACCOUNT, chatId, to: 'en', from: 'es', pageSize: 20 }).done;
      expect(rerun).toMatchObject({ state: 'done', total: 80 - end.translated, translated: 80 - end.translated });
      expect(await archive.query('translationProgress', { accountId: ACCOUNT, chatId, lang: 'en' })).toMatchObject({ remaining: 0 });
    } finally {
      await back.stop();
    }
  });
});
